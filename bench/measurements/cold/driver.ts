import { join } from "node:path";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { childEnv, runChild } from "../../lib/spawn";
import { median } from "../../lib/stats";

const CHILD = join(import.meta.dirname, "child.mjs");

interface ColdSample {
  bootMs: number;
  importMs: number;
  firstRequestMs: number;
  totalMs: number;
  status: number | null;
}

/** A bundle and the first event it serves in run `i` (each run gets its own event: create/delete need fresh buckets). */
export interface ColdTarget {
  name: string;
  file: string;
  event(run: number): APIGatewayProxyEventV2;
  expectStatus: number;
}

export interface ColdComparison {
  name: string;
  subject: ColdTarget;
  baseline: ColdTarget;
}

export interface ColdStats {
  runs: number;
  /** Medians, in ms, measured inside the fresh process (Node's own start-up excluded, equal for all). */
  importMs: number;
  firstRequestMs: number;
  totalMs: number;
  bootMs: number;
}

export interface ColdResult {
  name: string;
  subject: ColdStats;
  baseline: ColdStats;
  /** subject / baseline, medians of import + first request. */
  ratio: number;
}

function stats(samples: readonly ColdSample[]): ColdStats {
  return {
    runs: samples.length,
    importMs: median(samples.map((s) => s.importMs)),
    firstRequestMs: median(samples.map((s) => s.firstRequestMs)),
    totalMs: median(samples.map((s) => s.totalMs)),
    bootMs: median(samples.map((s) => s.bootMs)),
  };
}

async function coldStart(target: ColdTarget, run: number, env: Record<string, string | undefined>): Promise<ColdSample> {
  const sample = await runChild<ColdSample>(CHILD, [target.file, JSON.stringify(target.event(run))], { env, timeoutMs: 60_000 });
  if (sample.status !== target.expectStatus) {
    throw new Error(`cold start of ${target.name} (run ${run}) answered ${sample.status}, expected ${target.expectStatus}`);
  }
  return sample;
}

/**
 * Median over `runs` fresh processes of import + first request, for each subject and its
 * baseline. One process at a time; subject and baseline alternate who goes first, so drift on
 * the machine hits both alike.
 */
export async function measureColdInit(
  comparisons: readonly ColdComparison[],
  runs: number,
  env: Record<string, string>,
): Promise<ColdResult[]> {
  const childEnvironment = childEnv({ POWERTOOLS_LOG_LEVEL: "INFO", ...env });
  const samples = new Map(comparisons.map((c) => [c.name, { subject: [] as ColdSample[], baseline: [] as ColdSample[] }]));
  for (let run = 0; run < runs; run++) {
    for (const comparison of comparisons) {
      const bucket = samples.get(comparison.name)!;
      const order = run % 2 === 0 ? (["subject", "baseline"] as const) : (["baseline", "subject"] as const);
      for (const side of order) bucket[side].push(await coldStart(comparison[side], run, childEnvironment));
    }
  }
  return comparisons.map((c) => {
    const { subject, baseline } = samples.get(c.name)!;
    const s = stats(subject);
    const b = stats(baseline);
    return { name: c.name, subject: s, baseline: b, ratio: s.totalMs / b.totalMs };
  });
}
