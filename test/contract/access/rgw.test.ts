import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { describe, it } from "vitest";
import { NULL_VERSION_ID, parsePolicy, S3TenantDirectory, s3Tuning } from "@rahcp/core";
import { startLocalServer } from "@rahcp/local";
import { uniqueBucketPrefix, type Account } from "../backend";
import { accountOf, directClient, removeBucketWith, rgwSettingsFromEnv, type RgwSettings } from "../rgw-backend";
import { countingTenants, type AccessBackend } from "./backend";
import { defineAccessContract } from "./contract";

/**
 * The access contract against Ceph RGW: tenant "archive" is the test user (RGW's default tenant),
 * tenant "research" a user of the RGW tenant "research", so bucket names are unique per tenant as
 * on HCP. The API reaches both through core's S3 tenant directory, as a deployment with HcpTenants.
 */
async function rgwAccessBackend(settings: RgwSettings, policyFor: (prefix: string) => unknown): Promise<AccessBackend> {
  const keys = {
    archive: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    research: { accessKeyId: settings.researchAccessKeyId, secretAccessKey: settings.researchSecretAccessKey },
  };
  const directory = new S3TenantDirectory(
    new Map(Object.entries(keys).map(([tenant, key]) => [tenant, { endpoint: settings.endpoint, ...key }])),
    s3Tuning(),
  );
  const tenants = countingTenants(directory);
  const direct: Record<string, S3Client> = Object.fromEntries(
    Object.entries(keys).map(([tenant, key]) => [tenant, directClient(settings.endpoint, key.accessKeyId, key.secretAccessKey)]),
  );
  const owners: Record<string, Account> = {};
  for (const [tenant, client] of Object.entries(direct)) owners[tenant] = await accountOf(client, settings.endpoint);
  const dataDir = await mkdtemp(join(tmpdir(), "rahcp-access-rgw-"));
  const bucketPrefix = uniqueBucketPrefix("ar");
  const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants, policy: parsePolicy(policyFor(bucketPrefix), "access contract"), auth: "dev" });
  const issuer = server.devIssuer!;
  const client = (tenant: string) => direct[tenant] ?? (() => { throw new Error(`no tenant ${tenant}`); })();
  return {
    name: `Ceph RGW ${settings.endpoint}`,
    url: server.url,
    tenants: ["archive", "research"],
    mint: (options) => issuer.mint(options),
    backendCalls: tenants.calls,
    objects: (tenant) => ({
      putObject: async (bucket, key, body) => {
        const out = await client(tenant).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        return { versionId: out.VersionId ?? NULL_VERSION_ID, etag: out.ETag ?? "" };
      },
      deleteObject: async (bucket, key, versionId) => {
        const out = await client(tenant).send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
        return { versionId: out.VersionId, deleteMarker: out.DeleteMarker ?? false };
      },
    }),
    owner: (tenant) => owners[tenant]!,
    bucketPrefix,
    removeBucket: (tenant, bucket) => removeBucketWith(client(tenant), bucket),
    close: async () => {
      await server.close();
      directory.destroy();
      for (const c of Object.values(direct)) c.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const settings = rgwSettingsFromEnv();
if (settings) {
  defineAccessContract(`Ceph RGW ${settings.endpoint}`, (policyFor) => rgwAccessBackend(settings, policyFor));
} else if (process.env.CI === "true") {
  describe("access model contract (Ceph RGW)", () => {
    it("needs RGW_ENDPOINT under CI=true", () => {
      throw new Error('CI=true but RGW_ENDPOINT is not set: start one with: eval "$(bash scripts/rgw/start.sh)"');
    });
  });
} else {
  describe.skip("access model contract (Ceph RGW): skipped because RGW_ENDPOINT is not set", () => {
    it("runs the contract against RGW", () => undefined);
  });
}
