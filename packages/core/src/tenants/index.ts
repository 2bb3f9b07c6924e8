import { ConfigError, s3Tuning, tenantSources } from "../config";
import { S3TenantDirectory, type TenantDirectory } from "./tenant-directory";
import { NO_TENANT, parseTenantConnections } from "./tenant-settings";

export { S3TenantDirectory, StaticTenantDirectory, singleTenant, resolveTenant, type TenantDirectory, type TenantResolution, type S3Tuning } from "./tenant-directory";
export { parseTenantConnections, TENANT_SECRETS, NO_TENANT, type TenantConnection, type TenantConnections, type TenantSources, type Parsed } from "./tenant-settings";
export { DEFAULT_TENANT, tenantNameProblem } from "./tenant-name";

let current: TenantDirectory | undefined;

/**
 * The container's tenants, built on first use from HcpTenants or the single-tenant secrets.
 * Throws ConfigError when neither is set or they do not validate: every request then answers 500.
 */
export function tenantDirectory(): TenantDirectory {
  if (!current) {
    const parsed = parseTenantConnections(tenantSources());
    if (!parsed.ok) throw new ConfigError(`HCP tenants are misconfigured: ${parsed.problems.join("; ")}`);
    if (parsed.value.size === 0) {
      throw new ConfigError(NO_TENANT);
    }
    current = new S3TenantDirectory(parsed.value, s3Tuning());
  }
  return current;
}

/** Replaces the container's tenants (local server, tests); undefined goes back to the settings. */
export function useTenantDirectory(directory: TenantDirectory | undefined): void {
  current = directory;
}
