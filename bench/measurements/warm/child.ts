/**
 * Warm overhead, in one process as in a warm Lambda container: each function bundle's handler
 * (valid JWT, real S3 backend) against its bare-SDK baseline bundle (the same S3 call(s), same
 * esbuild options), interleaved, plus the token verifier on its own.
 * Config: argv[2] (JSON, see WarmConfig); result: one IPC message.
 */
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { pathToFileURL } from "node:url";
import { authSettings, createHcpS3Client, createTokenVerifier, s3Settings } from "@rahcp/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand } from "@aws-sdk/client-s3";
import { bucketNeed, bucketFor, eventFor, successStatus, type Fixture, type OperationId } from "../../lib/operations";
import { elapsedMs } from "../../lib/stats";
import { forEachLimited } from "@rahcp/core/concurrency";
import { lambdaContext } from "../../../kit/events";

export interface WarmConfig {
  fixture: Fixture;
  /** The function bundle and its same-call baseline bundle. */
  ops: { op: OperationId; file: string; baselineFile: string }[];
  iterations: number;
  /** For create/delete, which make or need a bucket per call. */
  bucketIterations: number;
  warmup: number;
  jwtIterations: number;
}

export interface WarmSamples {
  op: OperationId;
  handlerMs: number[];
  bareMs: number[];
  /** Time of each call spent waiting for S3 (request start to response headers), same order. */
  handlerNetMs: number[];
  bareNetMs: number[];
}

export interface WarmOutput {
  ops: WarmSamples[];
  /** Back to back, JWKS cached. */
  jwtVerifyMs: number[];
  /** Each verification followed by an S3 call, as in a handler (colder CPU caches). */
  jwtVerifyInterleavedMs: number[];
}

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const config = JSON.parse(process.argv[2]!) as WarmConfig;
const client = createHcpS3Client(s3Settings()); // fixtures and the S3 calls between JWT verifications, never timed
const slot = (side: "h" | "b", i: number) => `w${side}${i}`;

/**
 * Time on the wire: from each HTTP request's start to its response headers, summed over the S3
 * calls of one invocation (Node's http diagnostics channels). Subtracting it per call keeps the
 * backend's latency jitter out of the layer's added time.
 */
const started = new WeakMap<ClientRequest, bigint>();
let wireMs = 0;
subscribe("http.client.request.start", (message) => void started.set((message as { request: ClientRequest }).request, process.hrtime.bigint()));
subscribe("http.client.response.finish", (message) => {
  const start = started.get((message as { request: ClientRequest }).request);
  if (start !== undefined) wireMs += elapsedMs(start);
});

async function timed(run: () => Promise<unknown>): Promise<{ ms: number; wireMs: number }> {
  wireMs = 0;
  const start = process.hrtime.bigint();
  await run();
  return { ms: elapsedMs(start), wireMs };
}

async function measure(op: OperationId, handler: Handler, bare: Handler): Promise<WarmSamples> {
  const total = config.warmup + (bucketNeed(op) === "fixture" ? config.iterations : config.bucketIterations);
  if (bucketNeed(op) === "present") {
    const names = Array.from({ length: total }, (_, i) => (["h", "b"] as const).map((side) => bucketFor(op, config.fixture, slot(side, i)))).flat();
    await forEachLimited(names, 16, async (name) => void (await client.send(new CreateBucketCommand({ Bucket: name }))));
  }
  const samples: WarmSamples = { op, handlerMs: [], bareMs: [], handlerNetMs: [], bareNetMs: [] };
  const expected = successStatus(op);
  for (let i = 0; i < total; i++) {
    const event = eventFor(op, config.fixture, slot("h", i));
    const bareEvent = eventFor(op, config.fixture, slot("b", i));
    const context = lambdaContext();
    let status: number | undefined;
    const viaHandler = () => timed(async () => void (status = (await handler(event, context)).statusCode));
    const viaSdk = () => timed(() => bare(bareEvent, context));
    let viaFunction: { ms: number; wireMs: number };
    let viaBare: { ms: number; wireMs: number };
    if (i % 2 === 0) {
      viaFunction = await viaHandler();
      viaBare = await viaSdk();
    } else {
      viaBare = await viaSdk();
      viaFunction = await viaHandler();
    }
    if (status !== expected) throw new Error(`${op}: handler answered ${status}, expected ${expected}`);
    if (i >= config.warmup) {
      samples.handlerMs.push(viaFunction.ms);
      samples.handlerNetMs.push(viaFunction.wireMs);
      samples.bareMs.push(viaBare.ms);
      samples.bareNetMs.push(viaBare.wireMs);
    }
  }
  if (bucketNeed(op) === "absent") {
    // Untimed: keeps the account under the gateway's bucket limit for the next endpoints.
    const created = Array.from({ length: total }, (_, i) => (["h", "b"] as const).map((side) => bucketFor(op, config.fixture, slot(side, i)))).flat();
    await forEachLimited(created, 16, async (name) => void (await client.send(new DeleteBucketCommand({ Bucket: name }))));
  }
  return samples;
}

/** core's verifier, JWKS cached: back to back, and each followed by an S3 call as in a request. */
async function jwtVerification(): Promise<Pick<WarmOutput, "jwtVerifyMs" | "jwtVerifyInterleavedMs">> {
  const verifier = createTokenVerifier(authSettings());
  await verifier.warm(); // the container's cached JWKS
  const token = config.fixture.token;
  const tight: number[] = [];
  const interleaved: number[] = [];
  for (let i = 0; i < config.jwtIterations + 50; i++) {
    const { ms } = await timed(() => verifier.verify(token));
    if (i >= 50) tight.push(ms);
  }
  const rounds = Math.max(1, Math.floor(config.jwtIterations / 10));
  for (let i = 0; i < rounds + 5; i++) {
    const { ms } = await timed(() => verifier.verify(token));
    if (i >= 5) interleaved.push(ms);
    await client.send(new HeadBucketCommand({ Bucket: config.fixture.bucket }));
  }
  return { jwtVerifyMs: tight, jwtVerifyInterleavedMs: interleaved };
}

const output: WarmOutput = { ops: [], ...(await jwtVerification()) };
for (const { op, file, baselineFile } of config.ops) {
  const fn = (await import(pathToFileURL(file).href)) as { handler: Handler };
  const baseline = (await import(pathToFileURL(baselineFile).href)) as { handler: Handler };
  output.ops.push(await measure(op, fn.handler, baseline.handler));
}
client.destroy();
process.send!(output, () => process.exit(0));
