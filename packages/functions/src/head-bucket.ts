import { endpoint } from "@rahcp/core";
import { headBucket } from "@rahcp/core/routes/head-bucket";

/** HEAD /api/v1/buckets/{bucket} — 200 if the bucket exists, 404 otherwise, no body. */
export const handler = endpoint(headBucket, async ({ params, store }) => {
  await store.headBucket(params.bucket);
});
