import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";
import { ListVersionsQuery } from "../schemas/versions";

export const listVersions = route({
  id: "listVersions",
  method: "GET",
  path: "/api/v1/buckets/{bucket}/versions",
  handler: "list-versions",
  permission: "read",
  summary: "List object versions",
  description:
    "One page of object versions and delete markers. Pass next_key_marker and next_version_id_marker " +
    "back as key_marker and version_id_marker to fetch the next page.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  query: ListVersionsQuery,
  errors: [400, ...AUTH, 404, ...BACKEND],
});
