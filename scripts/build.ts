/**
 * `npm run build`: bundles every function exactly as SST deploys it (options from
 * infra/function-defaults.ts) into dist/functions/<handler>/index.mjs, with the bare-SDK baseline
 * beside it (dist/baselines/), and prints the sizes. The AWS SDK is bundled: see bench/README.md
 * ("SDK: bundled or runtime-provided") and the cold-init rows of `npm run bench`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundleBaseline } from "../bench/baselines/bundle";
import { bundleEntry, bundleFunctions, functionEntry, largestAdditions, ROOT, type Bundle } from "./build-functions";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function table(bundles: readonly Bundle[], baseline: Bundle): string {
  const rows = [
    ["function", "bytes", "size", "× baseline", "largest additions over the baseline"],
    ...bundles.map((b) => [
      b.name,
      String(b.bytes),
      kb(b.bytes),
      `${(b.bytes / baseline.bytes).toFixed(3)}×`,
      largestAdditions(b, baseline, 3).map((a) => `${a.name} +${kb(a.bytes)}`).join(", "),
    ]),
    [`baseline (${baseline.name})`, String(baseline.bytes), kb(baseline.bytes), "1.000×", "bare handler, one ListBucketsCommand"],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 1 || i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

/** The latest measured SDK decision, when a benchmark has run on this checkout. */
function measuredSdkChoice(): string | undefined {
  const file = join(ROOT, "bench/results.json");
  if (!existsSync(file)) return undefined;
  const results = JSON.parse(readFileSync(file, "utf8")) as { rows?: { name: string; value: string }[]; startedAt?: string };
  const row = results.rows?.find((r) => r.name.startsWith("SDK choice"));
  return row ? `${row.value} (npm run bench, ${results.startedAt ?? "?"})` : undefined;
}

const started = Date.now();
const [functions, baseline, runtimeSdk] = await Promise.all([
  bundleFunctions(join(ROOT, "dist/functions")),
  bundleBaseline("listBuckets", join(ROOT, "dist/baselines")),
  bundleEntry("list-buckets", functionEntry("list-buckets"), join(ROOT, "dist/runtime-sdk"), { external: ["@aws-sdk/*"] }),
]);
process.stdout.write(`${table(functions, baseline)}\n\n`);
process.stdout.write(
  [
    `Written to dist/functions/<handler>/index.mjs (ESM, minified, options from infra/function-defaults.ts) in ${Date.now() - started} ms.`,
    `AWS SDK: bundled. Left to the runtime, list-buckets would be ${kb(runtimeSdk.bytes)} instead of ${kb(functions.find((f) => f.name === "list-buckets")!.bytes)},`,
    "but each cold start would then load the runtime's SDK packages whole, as unminified CommonJS, instead of the",
    "tree-shaken ESM inside the bundle, and the function would run whatever SDK version the runtime ships, not the tested one.",
    `Measured cold start: ${measuredSdkChoice() ?? "run `npm run bench` (row \"SDK choice\")"}.`,
    "",
  ].join("\n"),
);
