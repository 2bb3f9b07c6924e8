import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";
import { ListUploadsQuery } from "../schemas/uploads";

export const listUploads = route({
  id: "listUploads",
  method: "GET",
  path: "/api/v1/buckets/{bucket}/uploads",
  handler: "list-uploads",
  permission: "read",
  summary: "List in-progress multipart uploads",
  description:
    "One page of the bucket's in-progress multipart uploads, by key then upload id. Pass next_key_marker and " +
    "next_upload_id_marker back as key_marker and upload_id_marker to fetch the next page.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  query: ListUploadsQuery,
  errors: [400, ...AUTH, 404, ...BACKEND],
});
