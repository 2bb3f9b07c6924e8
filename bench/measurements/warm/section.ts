import type { BenchContext } from "../../context";
import { fmt, verdict, type Row } from "../../lib/report";
import { OPERATIONS, bucketNeed, handlerOf } from "../../lib/operations";
import { measureWarm } from "./driver";

export const WARM_TARGET = { p50Ms: 0.3, p99Ms: 1 };
export const JWT_TARGET_P50_MS = 0.2;

/**
 * In one process (a warm container): each function's handler with a valid JWT against the bare SDK
 * call(s) it wraps (its baseline bundle), same backend, interleaved; and the token verifier alone
 * with its JWKS cached.
 */
export async function warmRows(ctx: BenchContext): Promise<Row[]> {
  const { params } = ctx;
  const ops = OPERATIONS.map((op) => ({ op, file: ctx.functions.get(handlerOf(op))!.file, baselineFile: ctx.baselines.get(handlerOf(op))!.file }));
  ctx.log(`warm overhead: ${params.warmIterations} interleaved pairs per endpoint (${params.warmBucketIterations} for create/delete)`);
  const report = await measureWarm(
    {
      fixture: ctx.fixture,
      ops,
      iterations: params.warmIterations,
      bucketIterations: params.warmBucketIterations,
      warmup: params.warmWarmup,
      jwtIterations: params.jwtIterations,
    },
    ctx.functionEnv,
  );
  const rows: Row[] = report.ops.map((r) => {
    const n = r.handler.n;
    return {
      section: "3 warm overhead",
      name: handlerOf(r.op),
      value: `${fmt.addedUs(r.addedP50Ms)} p50, ${fmt.addedUs(r.addedP99Ms)} p99; end to end ${r.handler.p50.toFixed(2)} vs ${r.bare.p50.toFixed(2)} ms = ${fmt.ratio(r.ratioP50)} (n=${n}${bucketNeed(r.op) === "fixture" ? "" : ", bucket per call"})`,
      target: `≤ ${WARM_TARGET.p50Ms * 1000} µs p50, ≤ ${WARM_TARGET.p99Ms * 1000} µs p99`,
      status: verdict(r.addedP50Ms <= WARM_TARGET.p50Ms && r.addedP99Ms <= WARM_TARGET.p99Ms),
      data: { ...r },
    };
  });
  const { jwtVerify: tight, jwtVerifyInterleaved: interleaved } = report;
  rows.push(
    {
      section: "6 JWT verification",
      name: "verify, cached JWKS, between S3 calls",
      value: `p50 ${interleaved.p50.toFixed(3)} ms, p99 ${interleaved.p99.toFixed(3)} ms (n=${interleaved.n}, RS256)`,
      target: `≤ ${JWT_TARGET_P50_MS} ms p50`,
      status: verdict(interleaved.p50 <= JWT_TARGET_P50_MS),
      data: { ...interleaved },
    },
    {
      section: "6 JWT verification",
      name: "verify, cached JWKS, back to back",
      value: `p50 ${tight.p50.toFixed(3)} ms, p99 ${tight.p99.toFixed(3)} ms (n=${tight.n})`,
      target: `≤ ${JWT_TARGET_P50_MS} ms p50`,
      status: verdict(tight.p50 <= JWT_TARGET_P50_MS),
      data: { ...tight },
    },
  );
  return rows;
}
