import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { createHcpS3Client, type S3Settings } from "@rahcp/core";
import { forEachLimited } from "@rahcp/core/concurrency";
import { FakeS3 } from "../../kit/fake-s3";
import { median } from "./stats";

/**
 * The S3 server every S3-speaking measurement uses: Ceph RGW when RGW_ENDPOINT is set (what CI and
 * this machine run), else a loopback fake S3 (kit/fake-s3.ts) that answers the bucket
 * calls. The functions reach it through HCP_ENDPOINT and its key pair, as deployed.
 */
export interface S3Backend {
  kind: "rgw" | "fake";
  endpoint: string;
  description: string;
  /** HCP_* variables pointing a function (or the local server) at this backend. */
  env(): Record<string, string>;
  /** A client for preparing and cleaning up fixtures (never timed). */
  admin: S3Client;
  close(): Promise<void>;
}

export function settingsFor(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Settings {
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    region: "us-east-1",
    connectTimeoutMs: 2_000,
    requestTimeoutMs: 30_000,
    maxAttempts: 3,
    budgetMs: 60_000,
  };
}

export async function startBackend(env: NodeJS.ProcessEnv = process.env): Promise<S3Backend> {
  const rgw = env.RGW_ENDPOINT;
  if (rgw) {
    const accessKeyId = env.RGW_ACCESS_KEY_ID;
    const secretAccessKey = env.RGW_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new Error("RGW_ENDPOINT is set: also set RGW_ACCESS_KEY_ID and RGW_SECRET_ACCESS_KEY");
    const admin = createHcpS3Client(settingsFor(rgw, accessKeyId, secretAccessKey));
    return {
      kind: "rgw",
      endpoint: rgw,
      description: `Ceph RGW ${rgw} (RGW_ENDPOINT)`,
      env: () => ({ HCP_ENDPOINT: rgw, HCP_ACCESS_KEY_ID: accessKeyId, HCP_SECRET_ACCESS_KEY: secretAccessKey }),
      admin,
      close: async () => admin.destroy(),
    };
  }
  const fake = new FakeS3();
  await fake.start();
  const keys = { accessKeyId: "bench-access", secretAccessKey: "bench-secret" };
  const admin = createHcpS3Client(settingsFor(fake.endpoint, keys.accessKeyId, keys.secretAccessKey));
  return {
    kind: "fake",
    endpoint: fake.endpoint,
    description: `loopback fake S3 ${fake.endpoint} (kit/fake-s3.ts; RGW_ENDPOINT not set)`,
    env: () => ({ HCP_ENDPOINT: fake.endpoint, HCP_ACCESS_KEY_ID: keys.accessKeyId, HCP_SECRET_ACCESS_KEY: keys.secretAccessKey }),
    admin,
    close: async () => {
      admin.destroy();
      await fake.stop();
    },
  };
}

export async function createBuckets(client: S3Client, names: readonly string[], concurrency = 16): Promise<void> {
  await forEachLimited(names, concurrency, async (name) => {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  });
}

export async function enableVersioning(client: S3Client, bucket: string): Promise<void> {
  await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
}

/** Writes `versionsPerKey` versions of each of `keys` keys (small bodies). */
export async function putVersions(client: S3Client, bucket: string, keys: number, versionsPerKey: number, concurrency = 32): Promise<void> {
  const puts = Array.from({ length: keys * versionsPerKey }, (_, i) => `obj-${String(i % keys).padStart(6, "0")}`);
  await forEachLimited(puts, concurrency, async (key, i) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `v${i}` }));
  });
}

/**
 * Removes every version and delete marker of `bucket`, then the bucket; a missing bucket is fine.
 * Lists first, then deletes in small batches side by side: the gateway works through one batch
 * at a time per request, so a 10 000-version bucket empties several times faster this way.
 */
export async function emptyAndDelete(client: S3Client, bucket: string): Promise<void> {
  try {
    const objects: { Key: string; VersionId: string }[] = [];
    let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (;;) {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000, ...marker }));
      for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) objects.push({ Key: v.Key!, VersionId: v.VersionId! });
      if (!page.IsTruncated) break;
      marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
    }
    const batches = Array.from({ length: Math.ceil(objects.length / 200) }, (_, i) => objects.slice(i * 200, i * 200 + 200));
    await forEachLimited(batches, 16, async (batch) => {
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
    });
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchBucket" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return;
    throw error;
  }
}

export async function bucketNames(client: S3Client): Promise<string[]> {
  const out = await client.send(new ListBucketsCommand({}));
  return (out.Buckets ?? []).map((b) => b.Name ?? "");
}

/** Deletes every bucket whose name starts with `prefix` (and its contents). */
export async function deleteBucketsWithPrefix(client: S3Client, prefix: string, concurrency = 16): Promise<number> {
  const names = (await bucketNames(client)).filter((name) => name.startsWith(prefix));
  await forEachLimited(names, concurrency, (name) => emptyAndDelete(client, name));
  return names.length;
}

export async function ownerId(client: S3Client, bucket: string): Promise<string> {
  const out = await client.send(new GetBucketAclCommand({ Bucket: bucket }));
  return out.Owner?.ID ?? "owner";
}

/**
 * Median latency of a ListBuckets on a kept-alive connection. Ceph's gateway without `tcp_nodelay=1`
 * holds the response body until the client's delayed ACK (about 40 ms): worth a warning in the table.
 */
export async function reusedConnectionLatencyMs(client: S3Client, samples = 5): Promise<number> {
  await client.send(new ListBucketsCommand({}));
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await client.send(new ListBucketsCommand({}));
    times.push(performance.now() - start);
  }
  return median(times);
}
