import { endpoint } from "@rahcp/core";
import { PERMISSIONS } from "@rahcp/core/permissions";
import { me } from "@rahcp/core/routes/me";

/** GET /api/v1/me — who the caller is and what it may do in its tenant (never the token). */
export const handler = endpoint(me, async ({ principal, tenant, access }) => ({
  sub: principal.sub,
  tenant,
  groups: [...principal.groups],
  client_id: principal.clientId ?? null,
  scopes: [...principal.scopes].sort(),
  permissions: PERMISSIONS.filter((p) => access.scopePermissions.has(p)),
  policy: access.hasPolicy,
  grants: access.grants().map((grant) => ({ ...grant, buckets: [...grant.buckets] })),
}));
