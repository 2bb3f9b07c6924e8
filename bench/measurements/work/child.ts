/**
 * Counts what the instrumented function bundles construct or fetch, at container init + first
 * request and then over N further requests: S3 clients, loggers, JWKS caches, zod schemas, JWKS
 * downloads and new TCP connections. Anything that grows with N is per-request work that could
 * have been done once per container. Config: argv[2] (JSON, see WorkCountConfig); result over IPC.
 */
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import type { Socket } from "node:net";
import { pathToFileURL } from "node:url";
import { CreateBucketCommand, DeleteBucketCommand } from "@aws-sdk/client-s3";
import { createHcpS3Client, s3Settings } from "@rahcp/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { lambdaContext } from "../../../kit/events";
import { forEachLimited } from "@rahcp/core/concurrency";
import { bucketFor, bucketNeed, eventFor, successStatus, type Fixture, type OperationId } from "../../lib/operations";

export interface WorkCountConfig {
  fixture: Fixture;
  ops: { op: OperationId; file: string }[];
  requests: number;
  /** Ports of the S3 backend and of the JWKS server, to tell their connections apart. */
  s3Port: number;
  jwksPort: number;
  /** Tokens to send in turn (e.g. one per tenant); default: the fixture's. */
  tokens?: string[];
}

export type Counts = Record<string, number>;

export interface WorkCount {
  op: OperationId;
  /** Import + first request. */
  init: Counts;
  /** Over `requests` further requests. */
  perRequests: Counts;
  requests: number;
}

const counts: Counts = { S3Client: 0, Logger: 0, SimpleJwksCache: 0, zodSchemas: 0, jwksFetches: 0, s3Connections: 0 };
const bump = (kind: string) => void (counts[kind] = (counts[kind] ?? 0) + 1);
(globalThis as { __rahcpBench?: unknown }).__rahcpBench = { count: bump };
// zod calls this hook for every schema it constructs (and every ZodError: none on valid requests).
(globalThis as { __zod_globalConfig?: unknown }).__zod_globalConfig = { postProcessor: () => bump("zodSchemas") };

const config = JSON.parse(process.argv[2]!) as WorkCountConfig;
subscribe("net.client.socket", (message) => {
  const socket = (message as { socket: Socket }).socket;
  socket.once("connect", () => {
    if (socket.remotePort === config.s3Port) bump("s3Connections");
  });
});
subscribe("http.client.request.start", (message) => {
  const host = (message as { request: ClientRequest }).request.getHeader("host");
  if (typeof host === "string" && host.endsWith(`:${config.jwksPort}`)) bump("jwksFetches");
});

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const snapshot = (): Counts => ({ ...counts });
const delta = (before: Counts, after: Counts): Counts => Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));

let sent = 0;
async function invoke(handler: Handler, op: OperationId, slot: string): Promise<void> {
  const token = config.tokens?.[sent++ % config.tokens.length] ?? config.fixture.token;
  const result = await handler(eventFor(op, { ...config.fixture, token }, slot), lambdaContext());
  if (result.statusCode !== successStatus(op)) throw new Error(`${op}: answered ${result.statusCode}, expected ${successStatus(op)}`);
}

// The fixture's admin client: from HCP_* or, where the run serves several tenants, the first of HCP_TENANTS.
const tenants = process.env.HCP_TENANTS ? (Object.values(JSON.parse(process.env.HCP_TENANTS)) as { endpoint: string; accessKeyId: string; secretAccessKey: string }[]) : [];
const admin = createHcpS3Client({ ...s3Settings(), ...(tenants[0] ?? {}) });
const results: WorkCount[] = [];
for (const { op, file } of config.ops) {
  const slots = Array.from({ length: config.requests + 1 }, (_, i) => `n${i}`);
  if (bucketNeed(op) === "present") {
    await forEachLimited(slots, 16, async (slot) => void (await admin.send(new CreateBucketCommand({ Bucket: bucketFor(op, config.fixture, slot) }))));
  }
  const before = snapshot();
  const { handler } = (await import(pathToFileURL(file).href)) as { handler: Handler };
  await invoke(handler, op, slots[0]!);
  const afterInit = snapshot();
  for (const slot of slots.slice(1)) await invoke(handler, op, slot);
  results.push({ op, init: delta(before, afterInit), perRequests: delta(afterInit, snapshot()), requests: config.requests });
  if (bucketNeed(op) === "absent") {
    await forEachLimited(slots, 16, async (slot) => void (await admin.send(new DeleteBucketCommand({ Bucket: bucketFor(op, config.fixture, slot) }))));
  }
}
admin.destroy();
process.send!(results, () => process.exit(0));
