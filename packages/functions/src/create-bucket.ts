import { endpoint } from "@rahcp/core";
import { createBucket } from "@rahcp/core/routes/create-bucket";

/** POST /api/v1/buckets — create a bucket; 409 when the name is taken. */
export const handler = endpoint(createBucket, async ({ body, store }) => {
  await store.createBucket(body.bucket);
  return { status: "created" as const, bucket: body.bucket };
});
