import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";

export const deleteBucket = route({
  id: "deleteBucket",
  method: "DELETE",
  path: "/api/v1/buckets/{bucket}",
  handler: "delete-bucket",
  permission: "write",
  summary: "Delete a bucket",
  description: "Deletes an S3 bucket. The bucket must be empty (no objects, versions or delete markers).",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  errors: [400, ...AUTH, 404, 409, ...BACKEND],
  audit: "bucket.delete",
});
