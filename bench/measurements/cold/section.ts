import { createBuckets } from "../../lib/backend";
import { startTlsProxy } from "./tls-proxy";
import { measureColdInit, type ColdComparison, type ColdResult } from "./driver";
import type { BenchContext } from "../../context";
import { fmt, verdict, type Row } from "../../lib/report";
import { OPERATIONS, bucketFor, bucketNeed, eventFor, handlerOf, successStatus, type OperationId } from "../../lib/operations";

export const COLD_TARGET = 1.15;
const SECTION = "2 cold init";

function comparison(ctx: BenchContext, op: OperationId): ColdComparison {
  const handler = handlerOf(op);
  return {
    name: handler,
    subject: { name: handler, file: ctx.functions.get(handler)!.file, event: (i) => eventFor(op, ctx.fixture, `cf${i}`), expectStatus: successStatus(op) },
    baseline: { name: `baseline ${handler}`, file: ctx.baselines.get(handler)!.file, event: (i) => eventFor(op, ctx.fixture, `cb${i}`), expectStatus: 200 },
  };
}

/**
 * HCP serves S3 over HTTPS only, so in production the bare SDK pays for the first TLS connection
 * too; RGW here speaks plain HTTP, which leaves that cost to the function's JWKS download alone.
 * Same pair once more, with both reaching the backend through a loopback TLS proxy.
 */
async function overTls(ctx: BenchContext, pair: ColdComparison, runs: number): Promise<Row> {
  const proxy = await startTlsProxy(ctx.backend.endpoint, ctx.cert!);
  try {
    ctx.log("cold init: list-buckets with S3 over TLS");
    const [r] = await measureColdInit([{ ...pair, name: "tls" }], runs, { ...ctx.functionEnv, HCP_ENDPOINT: proxy.url });
    return {
      section: SECTION,
      name: "list-buckets, S3 over TLS (as HCP)",
      value: describe(r!),
      target: `info, median of ${runs}`,
      status: "INFO",
      data: { ...r },
    };
  } finally {
    await proxy.close();
  }
}

function describe(r: ColdResult): string {
  const s = r.subject;
  const b = r.baseline;
  return `${fmt.ms(s.totalMs)} vs ${fmt.ms(b.totalMs)} = ${fmt.ratio(r.ratio)} (import ${s.importMs.toFixed(1)}/${b.importMs.toFixed(1)}, 1st request ${s.firstRequestMs.toFixed(1)}/${b.firstRequestMs.toFixed(1)})`;
}

/**
 * Fresh Node processes: import a function bundle and serve its first request (token verified with
 * a JWKS downloaded from the loopback issuer, the S3 call on the backend) against its same-call
 * bare-SDK baseline. Also decides the SDK question: the same function with the SDK left to the runtime.
 */
export async function coldRows(ctx: BenchContext): Promise<Row[]> {
  const runs = ctx.params.coldRuns;
  for (const op of OPERATIONS.filter((o) => bucketNeed(o) === "present")) {
    const names = Array.from({ length: runs }, (_, i) => [`cf${i}`, `cb${i}`].map((slot) => bucketFor(op, ctx.fixture, slot))).flat();
    await createBuckets(ctx.backend.admin, names);
  }
  const comparisons = OPERATIONS.map((op) => comparison(ctx, op));
  const listBuckets = comparison(ctx, "listBuckets");
  const sdkChoice: ColdComparison = {
    name: "sdk-choice",
    subject: { ...listBuckets.subject, name: "list-buckets with the runtime's SDK", file: ctx.runtimeSdk.file },
    baseline: { ...listBuckets.subject, event: (i) => eventFor("listBuckets", ctx.fixture, `cs${i}`) },
  };
  ctx.log(`cold init: ${runs} fresh processes × ${comparisons.length} pairs`);
  const results = await measureColdInit(comparisons, runs, ctx.functionEnv);
  ctx.log("cold init: SDK bundled vs left to the runtime");
  const sdk = (await measureColdInit([sdkChoice], Math.max(1, Math.ceil(runs / 2)), ctx.functionEnv))[0]!;
  const rows: Row[] = results.map((r) => ({
    section: SECTION,
    name: r.name,
    value: describe(r),
    target: `≤ ${COLD_TARGET.toFixed(2)}× (median of ${runs})`,
    status: verdict(r.ratio <= COLD_TARGET),
    data: { ...r },
  }));
  const sizes = { bundled: ctx.functions.get("list-buckets")!.bytes, runtime: ctx.runtimeSdk.bytes };
  rows.push({
    section: SECTION,
    name: "SDK choice (list-buckets)",
    value: `median of ${sdk.subject.runs}: bundled ${fmt.ms(sdk.baseline.totalMs)} (${fmt.kb(sizes.bundled)}) vs runtime-provided ${fmt.ms(sdk.subject.totalMs)} (${fmt.kb(sizes.runtime)}) → ${sdk.subject.totalMs >= sdk.baseline.totalMs ? "bundle it" : "runtime SDK is faster"}`,
    target: "decided by measurement",
    status: "INFO",
    data: { bundled: sdk.baseline, runtimeProvided: sdk.subject, bytes: sizes },
  });
  if (ctx.cert) rows.push(await overTls(ctx, listBuckets, Math.max(1, Math.ceil(runs / 2))));
  return rows;
}
