import type { BenchContext } from "../../context";
import { verdict, type Row } from "../../lib/report";
import { OPERATIONS, handlerOf, type OperationId } from "../../lib/operations";
import { constructionCounters } from "./instrument";
import { bundleEntry, functionEntry } from "../../../scripts/build-functions";
import { countWork, ONCE_PER_CONTAINER, type WorkCount } from "./driver";
import { join } from "node:path";

const LABELS: Record<string, string> = {
  S3Client: "S3Client",
  Logger: "Logger",
  SimpleJwksCache: "JWKS cache",
  zodSchemas: "zod schemas",
  jwksFetches: "JWKS fetch",
  s3Connections: "S3 connection",
};

function describe(r: WorkCount): string {
  const init = Object.keys(LABELS).map((k) => `${LABELS[k]} ${r.init[k] ?? 0}`).join(", ");
  const grown = Object.keys(LABELS).filter((k) => (r.perRequests[k] ?? 0) !== 0);
  const after = grown.length === 0 ? "all +0" : grown.map((k) => `${LABELS[k]} +${r.perRequests[k]}`).join(", ");
  return `init: ${init}; next ${r.requests} requests: ${after}`;
}

function port(url: string): number {
  const u = new URL(url);
  return Number(u.port || (u.protocol === "https:" ? 443 : 80));
}

/**
 * Per-request work that could be done once per container: counts of constructions and fetches at
 * init and over N more requests, from instrumented copies of the bundles (diagnostic builds).
 */
export async function workRows(ctx: BenchContext): Promise<Row[]> {
  const outDir = join(ctx.outDir, "instrumented");
  const plugins = [constructionCounters()];
  const ops = await Promise.all(
    OPERATIONS.map(async (op) => ({ op, file: (await bundleEntry(handlerOf(op), functionEntry(handlerOf(op)), outDir, { plugins })).file })),
  );
  ctx.log(`per-request work: init + ${ctx.params.workRequests} requests per function (instrumented copies)`);
  const results: WorkCount[] = await countWork(
    { fixture: ctx.fixture, ops, requests: ctx.params.workRequests, s3Port: port(ctx.backend.endpoint), jwksPort: port(ctx.issuer.issuer) },
    ctx.functionEnv,
  );
  const rows = results.map((r): Row => {
    const grew = ONCE_PER_CONTAINER.filter((k) => (r.perRequests[k] ?? 0) !== 0);
    // The counters are live when the container built its client, logger and JWKS cache once.
    const hooked = ["S3Client", "Logger", "SimpleJwksCache", "jwksFetches"].every((k) => r.init[k] === 1);
    return {
      section: "7 once per container",
      name: handlerOf(r.op),
      value: describe(r),
      target: "constructions/JWKS +0",
      status: verdict(grew.length === 0 && hooked),
      data: { ...r, grew, countersWorked: hooked },
    };
  });
  return [...rows, await perTenantRow(ctx, ops.find((o) => o.op === "listBuckets")!)];
}

/**
 * One S3 client per tenant per container: list-buckets behind two tenants (HCP_TENANTS, both on
 * this run's backend), requests alternating between them. The first tenant's client is built at
 * init, the second's on its first request, and nothing after that.
 */
async function perTenantRow(ctx: BenchContext, listBuckets: { op: OperationId; file: string }): Promise<Row> {
  const { HCP_ENDPOINT: endpoint, HCP_ACCESS_KEY_ID: accessKeyId, HCP_SECRET_ACCESS_KEY: secretAccessKey, ...rest } = ctx.functionEnv;
  const connection = { endpoint, accessKeyId, secretAccessKey };
  const env = { ...rest, HCP_TENANTS: JSON.stringify({ archive: connection, research: connection }) };
  const tokens = await Promise.all(["archive", "research"].map((tenant) => ctx.issuer.token(undefined, undefined, { tenant })));
  const requests = Math.max(2, ctx.params.workRequests);
  const [r] = await countWork(
    { fixture: ctx.fixture, ops: [listBuckets], requests, s3Port: port(ctx.backend.endpoint), jwksPort: port(ctx.issuer.issuer), tokens },
    env,
  );
  const others = ONCE_PER_CONTAINER.filter((k) => k !== "S3Client" && (r!.perRequests[k] ?? 0) !== 0);
  const ok = r!.init["S3Client"] === 1 && r!.perRequests["S3Client"] === 1 && others.length === 0;
  return {
    section: "7 once per container",
    name: "list-buckets, 2 tenants",
    value: `S3Client: ${r!.init["S3Client"]} at init (tenant 1), +${r!.perRequests["S3Client"]} over ${requests} alternating requests (tenant 2); ${others.length === 0 ? "others +0" : `grew: ${others.join(", ")}`}`,
    target: "1 client per tenant",
    status: verdict(ok),
    data: { ...r!, tenants: 2 },
  };
}
