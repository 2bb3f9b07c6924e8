/**
 * `npm run bench`: builds every function as SST does, measures it against bare-SDK baselines
 * built in the same run, prints one table with PASS/FAIL per target and writes bench/results.json.
 *   --smoke        each measurement once (what `npm test` runs)
 *   --only=a,b     sections: sizes, cold, warm, work, throughput, scale, soak, access, cli, force
 *   --seed=N       soak request mix (default 42)
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundleEntry, bundleFunctions, functionEntry, ROOT } from "../scripts/build-functions";
import { loopbackCert } from "../kit/tls";
import { bundleBaselines } from "./baselines/bundle";
import { PARAMS, type BenchContext, type Mode } from "./context";
import { createBuckets, deleteBucketsWithPrefix, enableVersioning, ownerId, putVersions, reusedConnectionLatencyMs, startBackend } from "./lib/backend";
import { startIssuer } from "./lib/issuer";
import { renderTable, type Row } from "./lib/report";
import { accessRows } from "./measurements/access/section";
import { cliRows } from "./measurements/cli/section";
import { coldRows } from "./measurements/cold/section";
import { forceDeleteRows } from "./measurements/force/section";
import { scaleRows } from "./measurements/scale/section";
import { sizeRows } from "./measurements/sizes/section";
import { soakRows } from "./measurements/soak/section";
import { throughputRows } from "./measurements/throughput/section";
import { warmRows } from "./measurements/warm/section";
import { workRows } from "./measurements/work/section";

/** The table's sections, in order: `--only=<name>` runs bench/measurements/<name>/. */
export const SECTIONS = ["sizes", "cold", "warm", "work", "throughput", "scale", "soak", "access", "cli", "force"] as const;
export type Section = (typeof SECTIONS)[number];

const MEASUREMENTS: Record<Section, (ctx: BenchContext) => Row[] | Promise<Row[]>> = {
  sizes: sizeRows,
  cold: coldRows,
  warm: warmRows,
  work: workRows,
  throughput: throughputRows,
  scale: scaleRows,
  soak: soakRows,
  access: accessRows,
  cli: cliRows,
  force: forceDeleteRows,
};

export interface BenchOptions {
  mode: Mode;
  sections?: readonly Section[];
  seed?: number;
  /** Where bundles are written (default dist/bench). */
  outDir?: string;
  log?: (line: string) => void;
}

export interface BenchReport {
  mode: Mode;
  startedAt: string;
  durationMs: number;
  node: string;
  backend: string;
  localServerBackend: string;
  jwks: string;
  notes: string[];
  /** Wall time of the build and of each measurement. */
  sectionSeconds: Partial<Record<Section | "build", number>>;
  rows: Row[];
}

async function buildAll(outDir: string) {
  const [functions, baselines, runtimeSdk] = await Promise.all([
    bundleFunctions(join(outDir, "functions")),
    bundleBaselines(join(outDir, "baselines")),
    bundleEntry("list-buckets", functionEntry("list-buckets"), join(outDir, "runtime-sdk"), { external: ["@aws-sdk/*"] }),
  ]);
  return { functions: new Map(functions.map((b) => [b.name, b])), baselines, runtimeSdk };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const sections = new Set(options.sections ?? SECTIONS);
  const params = PARAMS[options.mode];
  const outDir = options.outDir ?? join(ROOT, "dist/bench");
  const notes: string[] = [];
  const sectionSeconds: Partial<Record<Section | "build", number>> = {};
  await mkdir(outDir, { recursive: true });

  log("building functions and baselines with infra/function-defaults.ts");
  const built = await buildAll(outDir);
  sectionSeconds.build = (Date.now() - started) / 1000;
  const backend = await startBackend();
  const cert = await loopbackCert();
  const issuer = await startIssuer(cert);
  const prefix = `rb${Date.now().toString(36).slice(-6)}${randomBytes(2).toString("hex")}`;
  const rows: Row[] = [];
  try {
    const fixtureBucket = `${prefix}-fixture`;
    await createBuckets(backend.admin, [fixtureBucket]);
    if (backend.kind === "rgw") {
      await enableVersioning(backend.admin, fixtureBucket);
      await putVersions(backend.admin, fixtureBucket, 10, 2);
      const reused = await reusedConnectionLatencyMs(backend.admin);
      if (reused > 20) {
        notes.push(
          `RGW answers ListBuckets on a kept-alive connection in ${reused.toFixed(0)} ms (Nagle + delayed ACK): ` +
            "restart it with scripts/rgw/start.sh (it sets tcp_nodelay=1) for meaningful warm and throughput numbers",
        );
      }
    }
    const ctx: BenchContext = {
      mode: options.mode,
      params,
      seed: options.seed ?? 42,
      backend,
      issuer,
      fixture: { prefix, bucket: fixtureBucket, ownerId: await ownerId(backend.admin, fixtureBucket), token: await issuer.token() },
      outDir,
      functions: built.functions,
      baselines: built.baselines,
      runtimeSdk: built.runtimeSdk,
      cert,
      functionEnv: { ...backend.env(), ...issuer.env() },
      // The local server reaches RGW through HCP_*; without RGW it serves its embedded store.
      serverEnv: backend.kind === "rgw" ? backend.env() : {},
      log,
    };
    for (const section of SECTIONS) {
      if (!sections.has(section)) continue;
      const sectionStart = Date.now();
      rows.push(...(await MEASUREMENTS[section](ctx)));
      sectionSeconds[section] = (Date.now() - sectionStart) / 1000;
    }
  } finally {
    await deleteBucketsWithPrefix(backend.admin, prefix).catch((error: unknown) => notes.push(`cleanup failed: ${String(error)}`));
    await issuer.close();
    await backend.close();
    await cert?.remove();
  }
  return {
    mode: options.mode,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    node: process.version,
    backend: backend.description,
    localServerBackend: backend.kind === "rgw" ? backend.description : "embedded store (RGW_ENDPOINT not set)",
    jwks: `${issuer.scheme}:// loopback issuer, fetched by aws-jwt-verify at the first request`,
    notes,
    sectionSeconds,
    rows,
  };
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { mode: "full" };
  for (const arg of argv) {
    if (arg === "--smoke") options.mode = "smoke";
    else if (arg.startsWith("--only=")) {
      const wanted = arg.slice(7).split(",");
      const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
      if (unknown.length) throw new Error(`unknown section(s): ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
      options.sections = wanted as Section[];
    } else if (arg.startsWith("--seed=")) options.seed = Number(arg.slice(7));
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

export function formatReport(report: BenchReport): string {
  const failed = report.rows.filter((r) => r.status === "FAIL").length;
  return [
    `rahcp benchmark (${report.mode}) — Node ${report.node}`,
    `S3 backend for the bundles: ${report.backend}`,
    `local server store: ${report.localServerBackend}`,
    `token issuer: ${report.jwks}`,
    "",
    renderTable(report.rows),
    "",
    ...report.notes.map((n) => `note: ${n}`),
    `time per part: ${Object.entries(report.sectionSeconds).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(", ")}`,
    `${report.rows.filter((r) => r.status === "PASS").length} PASS, ${failed} FAIL, ${report.rows.filter((r) => r.status === "INFO").length} INFO — total ${(report.durationMs / 1000).toFixed(1)} s`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const options = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  const report = await runBench({ ...options, log });
  const file = join(ROOT, "bench/results.json");
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\nresults: bench/results.json\n`);
}
