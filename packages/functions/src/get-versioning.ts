import { endpoint } from "@rahcp/core";
import { getVersioning } from "@rahcp/core/routes/get-versioning";

/** GET /api/v1/buckets/{bucket}/versioning — Enabled, Suspended or null (never enabled). */
export const handler = endpoint(getVersioning, async ({ params, store }) => {
  const { status, mfaDelete } = await store.getVersioning(params.bucket);
  return { status, mfa_delete: mfaDelete };
});
