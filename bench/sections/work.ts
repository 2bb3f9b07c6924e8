import type { BenchContext } from "../context";
import { verdict, type Row } from "../lib/report";
import { OPERATIONS, handlerOf } from "../operations";
import { constructionCounters } from "../instrument";
import { bundleEntry, functionEntry } from "../../scripts/build-functions";
import { countWork, ONCE_PER_CONTAINER, type WorkCount } from "../work-counts";
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
  return results.map((r) => {
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
}
