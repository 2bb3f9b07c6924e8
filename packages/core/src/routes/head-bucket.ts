import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";

export const headBucket = route({
  id: "headBucket",
  method: "HEAD",
  path: "/api/v1/buckets/{bucket}",
  handler: "head-bucket",
  permission: "read",
  summary: "Check if bucket exists",
  description: "Returns 200 OK if the bucket exists, 404 Not Found otherwise. No response body.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  errors: [400, ...AUTH, 404, ...BACKEND],
});
