/**
 * Force delete against a bare SDK loop, in one process: per round two buckets filled alike
 * (untimed), one emptied and deleted by the delete-bucket bundle's handler (DELETE …?force=true,
 * following its 202s), the other by the same batches made straight with the SDK; who goes first
 * alternates by round. Both use the client settings the function builds from this environment.
 * Config: argv[2] (JSON, see ForceDeleteConfig); result: one IPC message.
 */
import { subscribe } from "node:diagnostics_channel";
import { pathToFileURL } from "node:url";
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { createHcpS3Client, routes, s3Settings } from "@rahcp/core";
import { forEachLimited } from "@rahcp/core/concurrency";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { apiEvent, lambdaContext } from "../../../kit/events";
import { elapsedMs } from "../../lib/stats";

export interface ForceDeleteConfig {
  /** The delete-bucket function bundle. */
  bundleFile: string;
  /** A token with the admin scope. */
  token: string;
  /** Bucket names start with it. */
  prefix: string;
  rounds: number;
  keys: number;
  versionsPerKey: number;
  deleteMarkers: number;
  uploads: number;
}

export interface ForceDeleteRun {
  /** Versions and delete markers removed. */
  deleted: number;
  ms: number;
  /** Function invocations (1 + the 202s followed), or SDK DeleteObjects batches. */
  calls: number;
  /** HTTP requests sent to S3 on the way. */
  s3Requests: number;
}

export interface ForceDeleteRound {
  viaFunction: ForceDeleteRun;
  viaSdk: ForceDeleteRun;
  functionFirst: boolean;
  fillMs: number;
}

export interface ForceDeleteOutput {
  rounds: ForceDeleteRound[];
  /** Entries each bucket held: versions + delete markers. */
  entries: number;
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const config = JSON.parse(process.argv[2]!) as ForceDeleteConfig;
const client = createHcpS3Client(s3Settings());
/** As core's force delete aborts uploads (no batch call exists for them). */
const ABORT_CONCURRENCY = 8;
const FILL_CONCURRENCY = 32;
const key = (i: number) => `data/k-${String(i).padStart(6, "0")}`;
/** S3 requests sent (Node's http diagnostics channel): tells an extra pass from a slower backend. */
let requests = 0;
subscribe("http.client.request.start", () => void requests++);

/**
 * Fills a bucket and answers how many versions and delete markers it then holds, counted from a
 * listing: a write the SDK retried after a lost answer adds one more version (seen on a loaded RGW),
 * so what the bucket holds, not what was meant, is what each side must delete.
 */
async function fill(bucket: string): Promise<number> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  const puts = Array.from({ length: config.keys * config.versionsPerKey }, (_, i) => i % config.keys);
  await forEachLimited(puts, FILL_CONCURRENCY, async (i) => void (await client.send(new PutObjectCommand({ Bucket: bucket, Key: key(i), Body: `v${i}` }))));
  // Each marker on its own key: Ceph RGW adds none on a key whose latest entry already is one.
  const marked = Array.from({ length: config.deleteMarkers }, (_, i) => i);
  await forEachLimited(marked, FILL_CONCURRENCY, async (i) => void (await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(i) }))));
  const uploads = Array.from({ length: config.uploads }, (_, i) => `uploads/u-${i}`);
  await forEachLimited(uploads, FILL_CONCURRENCY, async (k) => void (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: k }))));
  return countEntries(bucket);
}

async function countEntries(bucket: string): Promise<number> {
  let count = 0;
  let at: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000, ...at }));
    count += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
    if (!page.IsTruncated) return count;
    at = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
}

/** The API's path: DELETE …?force=true through the bundled handler, again on each 202, as the SDK and CLI do. */
async function viaFunction(handler: Handler, bucket: string): Promise<ForceDeleteRun> {
  let deleted = 0;
  let calls = 0;
  const before = requests;
  const start = process.hrtime.bigint();
  for (;;) {
    const event = apiEvent({ method: "DELETE", routePath: routes.deleteBucket.path, pathParameters: { bucket }, query: { force: "true" }, token: config.token });
    const result = await handler(event, lambdaContext());
    calls++;
    const body = JSON.parse(result.body ?? "{}") as { deleted?: number };
    if (result.statusCode !== 200 && result.statusCode !== 202) throw new Error(`force delete of ${bucket}: ${result.statusCode} ${result.body}`);
    deleted += body.deleted ?? 0;
    if (result.statusCode === 200) return { deleted, ms: elapsedMs(start), calls, s3Requests: requests - before };
  }
}

/**
 * The same batches with the SDK alone: ListObjectVersions 1000 → DeleteObjects quiet, then the
 * uploads, then the bucket. Everything listed is deleted (a refusal fails the run), so each listing
 * starts at the top again: resuming at the page's markers would leave versions behind on Ceph RGW
 * 16, which skips the rest of a key when the version-id-marker names a version deleted since.
 */
async function viaSdk(bucket: string): Promise<ForceDeleteRun> {
  let deleted = 0;
  let calls = 0;
  const before = requests;
  const start = process.hrtime.bigint();
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId! }));
    if (objects.length > 0) {
      const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: true, Objects: objects } }));
      if (out.Errors?.length) throw new Error(`bare DeleteObjects on ${bucket}: ${out.Errors.length} refused, e.g. ${out.Errors[0]!.Code}`);
      deleted += objects.length;
      calls++;
    }
    if (!page.IsTruncated) break;
  }
  let uploadsAt: { KeyMarker?: string; UploadIdMarker?: string } = {};
  for (;;) {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 1000, ...uploadsAt }));
    await forEachLimited(page.Uploads ?? [], ABORT_CONCURRENCY, async (u) => {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
    });
    if (!page.IsTruncated) break;
    uploadsAt = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  const ms = elapsedMs(start);
  return { deleted, ms, calls, s3Requests: requests - before };
}

async function expectGone(bucket: string): Promise<void> {
  const status = await client.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => 200,
    (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode ?? 0,
  );
  if (status !== 404) throw new Error(`${bucket} still answers HEAD with ${status} after its deletion`);
}

const { handler } = (await import(pathToFileURL(config.bundleFile).href)) as { handler: Handler };
// Untimed warm-up of both paths on one-object buckets: the function's first request (JWKS download,
// first verification) is the cold row's business, and both clients open their connections here.
for (const [bucket, run] of [[`${config.prefix}-fdwf`, (b: string) => viaFunction(handler, b)], [`${config.prefix}-fdws`, viaSdk]] as const) {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: "warm-up", Body: "w" }));
  await run(bucket);
}
const entries = config.keys * config.versionsPerKey + config.deleteMarkers;
const rounds: ForceDeleteRound[] = [];
for (let round = 0; round < config.rounds; round++) {
  const viaFunctionBucket = `${config.prefix}-fd${round}f`;
  const viaSdkBucket = `${config.prefix}-fd${round}s`;
  const fillStart = process.hrtime.bigint();
  const held = await Promise.all([fill(viaFunctionBucket), fill(viaSdkBucket)]);
  const fillMs = elapsedMs(fillStart);
  const functionFirst = round % 2 === 0;
  let a: ForceDeleteRun;
  let b: ForceDeleteRun;
  if (functionFirst) {
    a = await viaFunction(handler, viaFunctionBucket);
    b = await viaSdk(viaSdkBucket);
  } else {
    b = await viaSdk(viaSdkBucket);
    a = await viaFunction(handler, viaFunctionBucket);
  }
  for (const [bucket, run, count] of [[viaFunctionBucket, a, held[0]], [viaSdkBucket, b, held[1]]] as const) {
    if (run.deleted !== count) throw new Error(`${bucket}: ${run.deleted} versions and delete markers deleted, ${count} held (${entries} written)`);
    await expectGone(bucket);
  }
  rounds.push({ viaFunction: a, viaSdk: b, functionFirst, fillMs });
}
client.destroy();
process.send!({ rounds, entries } satisfies ForceDeleteOutput, () => process.exit(0));
