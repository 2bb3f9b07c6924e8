import { endpoint, routes } from "@rahcp/core";

/** POST /api/v1/buckets — create a bucket; 409 when the name is taken. */
export const handler = endpoint(routes.createBucket, async ({ body, store }) => {
  await store.createBucket(body.bucket);
  return { status: "created" as const, bucket: body.bucket };
});
