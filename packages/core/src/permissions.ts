/** The three permission levels a route can require; `admin` implies the other two. */
export type Permission = "read" | "write" | "admin";

export const PERMISSIONS: readonly Permission[] = ["read", "write", "admin"];

/** Token scope granting each permission (Cognito resource-server scopes look like `rahcp/buckets.read`). */
export type ScopeNames = Record<Permission, string>;

export const DEFAULT_SCOPES: ScopeNames = {
  read: "buckets:read",
  write: "buckets:write",
  admin: "buckets:admin",
};

export function grants(scopes: ReadonlySet<string>, needed: Permission, names: ScopeNames): boolean {
  return scopes.has(names.admin) || scopes.has(names[needed]);
}
