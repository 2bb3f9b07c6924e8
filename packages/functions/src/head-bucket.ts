import { endpoint, routes } from "@rahcp/core";

/** HEAD /api/v1/buckets/{bucket} — 200 if the bucket exists, 404 otherwise, no body. */
export const handler = endpoint(routes.headBucket, async ({ params, store }) => {
  await store.headBucket(params.bucket);
});
