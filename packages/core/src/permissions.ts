/** The three permission levels a route can require: `admin` implies `write`, which implies `read`. */
export type Permission = "read" | "write" | "admin";

/** The API's permission levels, narrowest first (S3's ACL permissions are ACL_PERMISSIONS, schemas/acl.ts). */
export const PERMISSIONS: readonly Permission[] = ["read", "write", "admin"];

/** Token scope granting each permission (Cognito resource-server scopes look like `rahcp/buckets.read`). */
export type ScopeNames = Record<Permission, string>;

export const DEFAULT_SCOPES: ScopeNames = {
  read: "buckets:read",
  write: "buckets:write",
  admin: "buckets:admin",
};

/** Each permission with the ones it implies. */
const IMPLIED: Record<Permission, readonly Permission[]> = {
  read: ["read"],
  write: ["read", "write"],
  admin: ["read", "write", "admin"],
};

/** The permissions a set of granted levels amounts to, implications included, in PERMISSIONS order. */
export function withImplied(granted: Iterable<Permission>): Set<Permission> {
  const all = new Set<Permission>();
  for (const permission of granted) for (const implied of IMPLIED[permission]) all.add(implied);
  return new Set(PERMISSIONS.filter((p) => all.has(p)));
}

/** What a token's scopes grant, before any access policy narrows it. */
export function scopePermissions(scopes: ReadonlySet<string>, names: ScopeNames): Set<Permission> {
  return withImplied(PERMISSIONS.filter((p) => scopes.has(names[p])));
}

/** The scopes that grant `needed`, weakest first (each one once, even when two permissions share a name). */
export function scopesGranting(needed: Permission, names: ScopeNames): string[] {
  return [...new Set(PERMISSIONS.filter((p) => IMPLIED[p].includes(needed)).map((p) => names[p]))];
}
