import { endpoint, routes } from "@rahcp/core";

/** GET /api/v1/buckets/{bucket}/versioning — Enabled, Suspended or null (never enabled). */
export const handler = endpoint(routes.getVersioning, async ({ params, store }) => {
  const { status, mfaDelete } = await store.getVersioning(params.bucket);
  return { status, mfa_delete: mfaDelete };
});
