import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePolicy } from "@rahcp/core";
import { startLocalServer } from "@rahcp/local";
import { EmbeddedTenantDirectory } from "../../../packages/local/src/embedded-store";
import { uniqueBucketPrefix } from "../backend";
import { countingTenants } from "./backend";
import { defineAccessContract } from "./contract";

const OWNER = { id: "rahcp-test", displayName: "rahcp test" };

/** The embedded store: every tenant its own namespace under one data dir; two served, as a deployment lists them. */
defineAccessContract("embedded store", async (policyFor) => {
  const dataDir = await mkdtemp(join(tmpdir(), "rahcp-access-"));
  const embedded = await EmbeddedTenantDirectory.open(join(dataDir, "store"), { owner: OWNER, only: ["archive", "research"] });
  const tenants = countingTenants(embedded);
  const bucketPrefix = uniqueBucketPrefix("ae");
  const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants, policy: parsePolicy(policyFor(bucketPrefix), "access contract"), auth: "dev" });
  const issuer = server.devIssuer!;
  return {
    name: "embedded store",
    url: server.url,
    tenants: ["archive", "research"],
    mint: (options) => issuer.mint(options),
    backendCalls: tenants.calls,
    objects: (tenant) => ({
      putObject: async (bucket, key, body) => (await embedded.storeFor(tenant)).putObject(bucket, key, body),
      deleteObject: async (bucket, key, versionId) => (await embedded.storeFor(tenant)).deleteObject(bucket, key, versionId).then((r) => ({ versionId: r.versionId, deleteMarker: r.deleteMarker })),
    }),
    // One local account owns every bucket of every namespace; tests needing "another owner" use a made-up id.
    owner: (tenant) => (tenant === "archive" ? OWNER : { id: "rahcp-research", displayName: "rahcp research" }),
    bucketPrefix,
    removeBucket: async () => undefined, // the data dir goes in close()
    close: async () => {
      await server.close();
      await embedded.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
