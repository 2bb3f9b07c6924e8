import { S3TenantDirectory, s3Tuning, useTenantDirectory, type TenantConnection } from "@rahcp/core";

/** A tenant connection whose S3 calls aws-sdk-client-mock intercepts (nothing is ever dialled). */
export function mockedConnection(tenant: string): TenantConnection {
  return { endpoint: `https://${tenant}.hcp.test.invalid`, accessKeyId: `AKID${tenant.toUpperCase().replace(/-/g, "")}`, secretAccessKey: "0123456789abcdef" };
}

/**
 * Installs the container's tenants as a deployment builds them (core's S3 directory), with
 * endpoints only a mocked S3Client answers. One tenant is implicit for tokens without the claim.
 */
export function useMockedTenants(...tenants: string[]): S3TenantDirectory {
  const names = tenants.length > 0 ? tenants : ["default"];
  const directory = new S3TenantDirectory(new Map(names.map((name) => [name, mockedConnection(name)])), s3Tuning());
  useTenantDirectory(directory);
  return directory;
}
