import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";
import { DeleteBucketQuery } from "../schemas/buckets";

export const deleteBucket = route({
  id: "deleteBucket",
  method: "DELETE",
  path: "/api/v1/buckets/{bucket}",
  handler: "delete-bucket",
  permission: "write",
  summary: "Delete a bucket",
  description:
    "Deletes an S3 bucket. The bucket must be empty (no objects, versions or delete markers): 409 otherwise, and nothing is removed.\n\n" +
    "With `force=true` (needs admin on the bucket) it first removes every object version, every delete marker and every " +
    "in-progress multipart upload, in batches, then the bucket: 200 when done. When the request's time runs out first it " +
    "answers 202 `{status: \"emptying\", deleted, remaining: true}`; call again to continue where the bucket now stands " +
    "(the bucket itself is the state: repeating the call is safe, also concurrently). Versions that cannot be deleted " +
    "(retention, legal hold, access denied) do not stop the rest; the call then answers 409 `BucketNotEmpty` naming how " +
    "many remain and up to 5 keys with the reason, and the bucket stays.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  query: DeleteBucketQuery,
  errors: [400, ...AUTH, 404, 409, ...BACKEND],
  audit: "bucket.delete",
  flag: { query: "force", value: "true", permission: "admin", audit: "bucket.delete.force" },
});
