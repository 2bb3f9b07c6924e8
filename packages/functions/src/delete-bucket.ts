import { endpoint } from "@rahcp/core";
import { deleteBucket } from "@rahcp/core/routes/delete-bucket";

/** DELETE /api/v1/buckets/{bucket} — delete an empty bucket; 409 when it still holds anything. */
export const handler = endpoint(deleteBucket, async ({ params, store }) => {
  await store.deleteBucket(params.bucket);
  return { status: "deleted" as const, bucket: params.bucket };
});
