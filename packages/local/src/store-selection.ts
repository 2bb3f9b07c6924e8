import { join } from "node:path";
import { parseTenantConnections, s3Tuning, S3TenantDirectory, tenantSources, type TenantConnections } from "@rahcp/core";
import type { EmbeddedTenantDirectory } from "./embedded-store";

/**
 * "s3" when HCP tenants are configured (HCP_TENANTS or HCP_ENDPOINT), "embedded" for the file-backed
 * default. Each kind carries its own directory type, so tools that write objects (`npm run seed`)
 * reach what the API's port does not offer: the embedded store's object writes, or the tenants' connections.
 */
export type SelectedTenants =
  | { kind: "s3"; directory: S3TenantDirectory; connections: TenantConnections; close(): Promise<void> }
  | { kind: "embedded"; directory: EmbeddedTenantDirectory; close(): Promise<void> };

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
    return { kind: "s3", directory, connections: parsed.value, close: async () => directory.destroy() };
  }
  const { EmbeddedTenantDirectory } = await import("./embedded-store");
  const directory = await EmbeddedTenantDirectory.open(join(dataDir, "store"));
  return { kind: "embedded", directory, close: () => directory.close() };
}
