import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHcpS3Client, S3BucketStore, type BucketStore, singleTenant } from "@rahcp/core";
import { DEFAULT_SCOPES } from "@rahcp/core";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";
import { settingsFor } from "../../bench/lib/backend";
import { runSoak } from "../../bench/measurements/soak/soak";

/**
 * The short soak of issue 7 (the benchmark runs 20 000 requests): a fixed-seed mix of 1 000
 * requests at concurrency 32 against the local server, on Ceph RGW when RGW_ENDPOINT is set, else
 * on the embedded store. Every answer is checked against a model of each worker's buckets.
 */
let dataDir: string;
let server: LocalServer;
let close: () => Promise<void>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rahcp-soak-"));
  let store: BucketStore;
  const rgw = process.env.RGW_ENDPOINT;
  if (rgw) {
    const client = createHcpS3Client(settingsFor(rgw, process.env.RGW_ACCESS_KEY_ID ?? "", process.env.RGW_SECRET_ACCESS_KEY ?? ""));
    store = new S3BucketStore(client, rgw, 20_000);
    close = async () => client.destroy();
  } else {
    const embedded = await EmbeddedBucketStore.open(join(dataDir, "store"));
    store = embedded;
    close = () => embedded.close();
  }
  server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants: singleTenant(store), auth: "dev" });
});

afterAll(async () => {
  await server?.close();
  await close?.();
  await rm(dataDir, { recursive: true, force: true });
});

describe("soak (short)", () => {
  it("answers 1 000 mixed requests at concurrency 32 with no 5xx and no wrong answer, and loses no bucket", async () => {
    const issuer = server.devIssuer!;
    const result = await runSoak(
      {
        baseUrl: server.url,
        adminToken: await issuer.mint({ scopes: Object.values(DEFAULT_SCOPES) }),
        readToken: await issuer.mint({ scopes: [DEFAULT_SCOPES.read] }),
      },
      { requests: 1_000, concurrency: 32, seed: 7, prefix: `sk${Date.now().toString(36)}` },
    );
    expect(result.examples).toEqual([]);
    expect(result.wrong).toBe(0);
    expect(result.serverErrors).toBe(0);
    expect(result.requests).toBe(1_000);
    expect(result.final).toMatchObject({ missing: 0, unexpected: 0 });
    expect(result.final.expected).toBeGreaterThan(0);
    expect(result.cleanedUp).toBe(result.final.expected);
    // The mix reached every kind of answer it checks.
    expect(Object.keys(result.statuses).sort()).toEqual(["200", "201", "400", "401", "403", "404", "409"]);
  }, 120_000);
});
