/**
 * An HCP tenant is the first DNS label of its S3 endpoint (`https://{tenant}.{hcp-domain}`), so its
 * name follows hostname-label rules. Written lowercase here, so a token claim is compared exactly.
 */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The tenant a single-tenant configuration (the three HCP_* settings) serves. */
export const DEFAULT_TENANT = "default";

export function tenantNameProblem(name: string): string | undefined {
  if (LABEL.test(name)) return undefined;
  return "is not a tenant name (1–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen)";
}
