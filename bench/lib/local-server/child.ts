/**
 * The local HTTP server under load, in its own process so its memory is measured alone and the
 * load generator does not share its CPU time. Store: core's S3 adapter on HCP_ENDPOINT (RGW), else
 * the embedded store in a temporary data dir. Tokens come from the server's dev issuer.
 * Talks over IPC: {id, type, ...} requests, {id, ...} replies (see LocalServerRequest).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createHcpS3Client, DEFAULT_SCOPES, S3BucketStore, s3Settings, singleTenant, type BucketStore } from "@rahcp/core";
import { startLocalServer } from "@rahcp/local";
import { EmbeddedBucketStore } from "../../../packages/local/src/embedded-store";
import { forEachLimited } from "@rahcp/core/concurrency";
import { emptyAndDelete } from "../backend";

export type LocalServerRequest =
  | { id: number; type: "memory"; gc?: boolean }
  | { id: number; type: "peak-reset" }
  | { id: number; type: "create-buckets"; names: string[] }
  | { id: number; type: "delete-buckets"; names: string[] }
  | { id: number; type: "seed-versions"; bucket: string; keys: number; versionsPerKey: number }
  | { id: number; type: "close" };

export interface MemorySample {
  rss: number;
  heapUsed: number;
  /** Highest values sampled (every 10 ms) since the last peak-reset. */
  peakRss: number;
  peakHeapUsed: number;
}

export interface ServerReady {
  url: string;
  backend: string;
  adminToken: string;
  readToken: string;
}

const dataDir = await mkdtemp(join(tmpdir(), "rahcp-bench-server-"));
const settings = s3Settings();
const s3 = settings.endpoint ? createHcpS3Client({ ...settings, requestTimeoutMs: 30_000 }) : undefined;
const embedded = s3 ? undefined : await EmbeddedBucketStore.open(join(dataDir, "store"));
const store: BucketStore = s3 ? new S3BucketStore(createHcpS3Client(settings), settings.endpoint, settings.budgetMs) : embedded!;
const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants: singleTenant(store), auth: "dev" });

let peak = { rss: 0, heapUsed: 0 };
const sample = () => {
  const { rss, heapUsed } = process.memoryUsage();
  peak = { rss: Math.max(peak.rss, rss), heapUsed: Math.max(peak.heapUsed, heapUsed) };
  return { rss, heapUsed };
};
setInterval(sample, 10).unref();

async function seedVersions(bucket: string, keys: number, versionsPerKey: number): Promise<void> {
  await store.createBucket(bucket);
  await store.putVersioning(bucket, "Enabled");
  const writes = Array.from({ length: keys * versionsPerKey }, (_, i) => i);
  await forEachLimited(writes, s3 ? 32 : 8, async (i) => {
    const key = `obj-${String(i % keys).padStart(6, "0")}`;
    if (s3) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `v${i}` }));
    else await embedded!.putObject(bucket, key, `v${i}`);
  });
  if (s3) await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
}

async function handle(request: LocalServerRequest): Promise<Record<string, unknown>> {
  switch (request.type) {
    case "memory": {
      if (request.gc) (globalThis as { gc?: () => void }).gc?.();
      const now = sample();
      return { ...now, peakRss: peak.rss, peakHeapUsed: peak.heapUsed } satisfies MemorySample;
    }
    case "peak-reset":
      peak = { rss: 0, heapUsed: 0 };
      sample();
      return {};
    case "create-buckets":
      await forEachLimited(request.names, 32, (name) => store.createBucket(name));
      return {};
    case "delete-buckets":
      // The embedded store's data dir goes away with the process; only a real backend needs emptying.
      if (s3) await forEachLimited(request.names, 32, (name) => emptyAndDelete(s3, name));
      return {};
    case "seed-versions":
      await seedVersions(request.bucket, request.keys, request.versionsPerKey);
      return {};
    case "close":
      await server.close();
      await embedded?.close();
      s3?.destroy();
      await rm(dataDir, { recursive: true, force: true });
      return {};
  }
}

process.on("message", (request: LocalServerRequest) => {
  handle(request).then(
    (reply) => process.send!({ id: request.id, ...reply }, () => request.type === "close" && process.exit(0)),
    (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});

const ready: ServerReady = {
  url: server.url,
  backend: server.backend,
  adminToken: await server.devIssuer!.mint({ scopes: Object.values(DEFAULT_SCOPES), subject: "bench-admin" }),
  readToken: await server.devIssuer!.mint({ scopes: [DEFAULT_SCOPES.read], subject: "bench-reader" }),
};
process.send!({ id: 0, ...ready });
