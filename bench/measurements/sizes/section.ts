import { largestAdditions, type Bundle } from "../../../scripts/build-functions";
import type { BenchContext } from "../../context";
import { fmt, verdict, type Row } from "../../lib/report";
import { OPERATIONS, handlerOf } from "../../lib/operations";

export const SIZE_TARGET = 1.1;
const SECTION = "1 bundle size";

function additions(bundle: Bundle, baseline: Bundle): string {
  return largestAdditions(bundle, baseline, 5)
    .map((a) => `${a.name.replace(/^packages\/(\w+)\/src$/, "$1 code")} +${fmt.kb(a.bytes)}`)
    .join(", ");
}

/** Every function against the bare-SDK ListBuckets baseline built in the same run with the same options. */
export function sizeRows(ctx: BenchContext): Row[] {
  const baseline = ctx.baselines.get("list-buckets")!;
  const floor = ctx.baselines.get("floor")!;
  const rows: Row[] = [
    {
      section: SECTION,
      name: "baseline: bare SDK ListBuckets handler",
      value: `${fmt.kb(baseline.bytes)} (${baseline.bytes} B)`,
      target: "reference",
      status: "INFO",
      data: { bytes: baseline.bytes },
    },
  ];
  const sameCall = new Map(OPERATIONS.map((op) => [handlerOf(op), ctx.baselines.get(handlerOf(op))]));
  for (const bundle of ctx.functions.values()) {
    const ratio = bundle.bytes / baseline.bytes;
    const own = sameCall.get(bundle.name);
    const sameCallRatio = own ? bundle.bytes / own.bytes : undefined;
    rows.push({
      section: SECTION,
      name: bundle.name,
      value: `${fmt.kb(bundle.bytes)} = ${fmt.ratio(ratio)}${sameCallRatio ? ` (same-call baseline ${fmt.ratio(sameCallRatio)})` : ""}`,
      target: `≤ ${SIZE_TARGET.toFixed(2)}×`,
      status: verdict(ratio <= SIZE_TARGET),
      data: { bytes: bundle.bytes, ratio, sameCallBaselineBytes: own?.bytes ?? null, sameCallRatio: sameCallRatio ?? null, packages: bundle.packages, external: bundle.external },
    });
  }
  const largest = [...ctx.functions.values()].sort((a, b) => b.bytes - a.bytes)[0]!;
  rows.push(
    {
      section: SECTION,
      name: `largest additions (${largest.name})`,
      value: additions(largest, baseline),
      target: "what the layer adds",
      status: "INFO",
    },
    {
      section: SECTION,
      name: "floor: baseline + Logger + aws-jwt-verify + zod/mini",
      value: `${fmt.kb(floor.bytes)} = ${fmt.ratio(floor.bytes / baseline.bytes)}`,
      target: "lowest reachable",
      status: "INFO",
      data: { bytes: floor.bytes, ratio: floor.bytes / baseline.bytes, packages: floor.packages },
    },
  );
  return rows;
}
