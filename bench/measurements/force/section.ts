import { loadavg } from "node:os";
import { join } from "node:path";
import type { ForceDeleteConfig, ForceDeleteOutput } from "./child";
import type { BenchContext } from "../../context";
import { childEnv, runChild } from "../../lib/spawn";
import { fmt, verdict, type Row } from "../../lib/report";
import { median } from "../../lib/stats";

const CHILD = join(import.meta.dirname, "child.ts");
export const FORCE_DELETE_TARGET = 0.9;

/**
 * The function's settings for this row. A budget as ample as a call allows (the default S3 budget):
 * the API empties the bucket in as few calls as the 29 s limit permits, and the row follows the
 * 202s as clients do. One DeleteObjects of 1000 versions can take Ceph RGW several seconds on the
 * loaded 2-core machine, beyond the default per-attempt timeout (4.5 s): both sides get 20 s, so a
 * slow batch is measured, not retried.
 */
const FUNCTION_SETTINGS = { FORCE_DELETE_BUDGET_MS: "20000", S3_REQUEST_TIMEOUT_MS: "20000", S3_BUDGET_MS: "20000" };

const rate = (run: { deleted: number; ms: number }) => run.deleted / (run.ms / 1000);

/**
 * Issue 12's bench row: versions (and delete markers) deleted per second by force delete through the
 * delete-bucket bundle, against a bare SDK loop making the same batches on a bucket filled alike,
 * same backend, same process, order alternating by round. Target: ≥ 0.9× the bare loop (median ratio).
 */
export async function forceDeleteRows(ctx: BenchContext): Promise<Row[]> {
  const { forceRounds: rounds, forceKeys: keys, forceVersionsPerKey: versionsPerKey, forceDeleteMarkers: deleteMarkers, forceUploads: uploads } = ctx.params;
  const config: ForceDeleteConfig = {
    bundleFile: ctx.functions.get("delete-bucket")!.file,
    token: ctx.fixture.token,
    prefix: ctx.fixture.prefix,
    rounds,
    keys,
    versionsPerKey,
    deleteMarkers,
    uploads,
  };
  const entries = keys * versionsPerKey + deleteMarkers;
  ctx.log(`force delete: ${rounds} round(s) of 2 buckets × ${entries} versions and delete markers + ${uploads} uploads`);
  const loadBefore = loadavg()[0]!;
  const output = await runChild<ForceDeleteOutput>(CHILD, [JSON.stringify(config)], {
    env: childEnv({ POWERTOOLS_LOG_LEVEL: "INFO", ...ctx.functionEnv, ...FUNCTION_SETTINGS }),
    typescript: true,
    timeoutMs: 1_800_000,
    priority: -10,
  });
  const loadAfter = loadavg()[0]!;
  const perRound = output.rounds.map((r) => ({
    functionRate: rate(r.viaFunction),
    sdkRate: rate(r.viaSdk),
    ratio: rate(r.viaFunction) / rate(r.viaSdk),
    functionCalls: r.viaFunction.calls,
    functionFirst: r.functionFirst,
  }));
  const functionRate = median(perRound.map((r) => r.functionRate));
  const sdkRate = median(perRound.map((r) => r.sdkRate));
  const ratio = median(perRound.map((r) => r.ratio));
  const calls = output.rounds.map((r) => r.viaFunction.calls).join("/");
  const requests = (side: "viaFunction" | "viaSdk") => output.rounds.map((r) => r[side].s3Requests).join("/");
  const against = ctx.backend.kind === "rgw" ? "" : "; loopback fake S3: in-memory deletes, so this mostly weighs the layer's own cost";
  return [
    {
      section: "11 force delete",
      name: `versions/s, ${output.entries} per bucket`,
      value:
        `force delete ${functionRate.toFixed(0)} vs bare SDK ${sdkRate.toFixed(0)} versions/s = ${fmt.ratio(ratio)} ` +
        `(median of ${perRound.length}, per round ${perRound.map((r) => r.ratio.toFixed(2)).join(" / ")}; ` +
        `function calls ${calls}; S3 requests ${requests("viaFunction")} vs ${requests("viaSdk")}; load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}${against})`,
      target: `≥ ${FORCE_DELETE_TARGET}× the bare loop`,
      status: verdict(ratio >= FORCE_DELETE_TARGET),
      data: { functionRate, sdkRate, ratio, entries: output.entries, uploads, rounds: output.rounds, perRound, loadBefore, loadAfter, settings: FUNCTION_SETTINGS },
    },
  ];
}
