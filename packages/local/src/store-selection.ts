import { join } from "node:path";
import { parseTenantConnections, s3Tuning, S3TenantDirectory, tenantSources, type TenantDirectory } from "@rahcp/core";

export interface SelectedTenants {
  directory: TenantDirectory;
  /** "s3" when HCP tenants are configured (HCP_TENANTS or HCP_ENDPOINT), "embedded" for the file-backed default. */
  kind: "s3" | "embedded";
  close(): Promise<void>;
}

/**
 * The tenants exactly as a deployment reads them (HCP_TENANTS, or HCP_ENDPOINT with its key pair),
 * through core's own parser and S3 directory; with neither, the embedded file-backed store under
 * `<dataDir>/store` serves every tenant, so a fresh clone needs nothing else.
 */
export async function selectTenants(dataDir: string): Promise<SelectedTenants> {
  const parsed = parseTenantConnections(tenantSources());
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  if (parsed.value.size > 0) {
    const directory = new S3TenantDirectory(parsed.value, s3Tuning());
    return { directory, kind: "s3", close: async () => directory.destroy() };
  }
  const { EmbeddedTenantDirectory } = await import("./embedded-store");
  const directory = await EmbeddedTenantDirectory.open(join(dataDir, "store"));
  return { directory, kind: "embedded", close: () => directory.close() };
}
