import { endpoint } from "@rahcp/core";
import { setAcl } from "@rahcp/core/routes/set-acl";

/** PUT /api/v1/buckets/{bucket}/acl — replace the bucket's access control policy. */
export const handler = endpoint(setAcl, async ({ params, body, store }) => {
  await store.putAcl(params.bucket, body);
  return { status: "updated" as const, bucket: params.bucket };
});
