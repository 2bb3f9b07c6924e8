import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";
import { ListObjectsQuery } from "../schemas/objects";

export const listObjects = route({
  id: "listObjects",
  method: "GET",
  path: "/api/v1/buckets/{bucket}/objects",
  handler: "list-objects",
  permission: "read",
  summary: "List objects",
  description:
    "One page of the bucket's current objects (ListObjectsV2). With a delimiter, keys sharing a prefix up to " +
    "the delimiter are rolled up into common_prefixes. Pass next_continuation_token back as continuation_token.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  query: ListObjectsQuery,
  errors: [400, ...AUTH, 404, ...BACKEND],
});
