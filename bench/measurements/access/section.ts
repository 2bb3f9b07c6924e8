import { CallerAccess, parsePolicy, type AccessPolicy, type Principal } from "@rahcp/core";
import { withImplied } from "@rahcp/core/permissions";
import type { BenchContext } from "../../context";
import { fmt, verdict, type Row } from "../../lib/report";
import { elapsedMs, summarize } from "../../lib/stats";

const SECTION = "9 access policy";
export const DECISION_TARGET_MS = 0.02;
export const FILTER_TARGET_MS = 2;
const RULES = 500;

/**
 * A 500-rule policy as a large archive would write it: 200 teams with two rules each (their own
 * buckets read/write, a shared area read), 50 subject rules, 50 client rules.
 */
export function benchPolicy(): AccessPolicy {
  const rules: unknown[] = [];
  for (let t = 0; t < 200; t++) {
    rules.push({ who: { group: `team-${t}` }, tenant: t % 2 ? "archive" : "*", buckets: [`team-${t}-*`], allow: ["read", "write"] });
    rules.push({ who: { group: `team-${t}` }, tenant: "archive", buckets: [`shared-${t % 10}?-*`, "public-*"], allow: ["read"] });
  }
  for (let i = 0; i < 50; i++) rules.push({ who: { sub: `user-${i}` }, tenant: "archive", buckets: [`home-${i}`], allow: ["admin"] });
  for (let i = 0; i < 50; i++) rules.push({ who: { client: `pipeline-${i}` }, tenant: "research", buckets: [`ingest-${i}-*`], allow: ["write"] });
  if (rules.length !== RULES) throw new Error("the bench policy must have 500 rules");
  return parsePolicy({ rules }, "bench policy");
}

const principal = (groups: string[], sub = "user-7"): Principal => ({
  sub,
  scopes: new Set(["buckets:write"]),
  groups,
  clientId: undefined,
  tenantClaim: "archive",
  expiresAt: Number.MAX_SAFE_INTEGER,
});

/** Per-iteration milliseconds of `work`, timed in batches (one decision is below the timer's resolution). */
function timePerCall(iterations: number, batch: number, work: (i: number) => unknown): ReturnType<typeof summarize> {
  const samples: number[] = [];
  let sink = 0;
  for (let i = 0; i < iterations; i += batch) {
    const start = process.hrtime.bigint();
    for (let j = 0; j < batch; j++) sink += work(i + j) ? 1 : 0;
    samples.push(elapsedMs(start) / batch);
  }
  if (sink < 0) throw new Error("unreachable"); // keeps the work from being optimised away
  return summarize(samples);
}

/**
 * What the access policy costs per request, in this process: building the caller's view of a
 * 500-rule policy and deciding on one bucket; and filtering a 1 000-bucket listing. Each against
 * the same work with no policy (scopes only), the baseline.
 */
export function accessRows(ctx: BenchContext): Row[] {
  const policy = benchPolicy();
  const write = withImplied(["write"]);
  const typical = principal(["team-17", "team-103"]);
  // Every team at once: every rule that names a group applies, and no bucket pattern matches.
  const everyTeam = principal(Array.from({ length: 200 }, (_, t) => `team-${t}`));
  const iterations = ctx.mode === "smoke" ? 200 : 200_000;
  const batch = ctx.mode === "smoke" ? 10 : 100;
  const buckets = Array.from({ length: 1_000 }, (_, i) => (i % 3 === 0 ? `team-${i % 200}-data-${i}` : `other-${i}`)).sort();

  const decide = (who: Principal, withPolicy: AccessPolicy | undefined) =>
    timePerCall(iterations, batch, (i) => new CallerAccess(who, "archive", write, withPolicy).decide("write", i % 2 ? "team-17-raw" : "team-999-raw").allowed);
  const filter = (who: Principal, withPolicy: AccessPolicy | undefined) =>
    timePerCall(ctx.mode === "smoke" ? 4 : 400, 1, () => new CallerAccess(who, "archive", write, withPolicy).readable(buckets).length);

  ctx.log(`access policy: ${iterations} decisions and ${ctx.mode === "smoke" ? 4 : 400} listing filters over ${RULES} rules`);
  const baselineDecision = decide(typical, undefined);
  const rows: Row[] = [];
  for (const [name, who] of [["decision, caller in 2 groups", typical], ["decision, caller in all 200 groups (worst case)", everyTeam]] as const) {
    const s = decide(who, policy);
    rows.push({
      section: SECTION,
      name: `${name}, ${RULES} rules`,
      value: `p50 ${fmt.us(s.p50)}, p99 ${fmt.us(s.p99)} (no policy ${fmt.us(baselineDecision.p50)}: ${fmt.ratio(s.p50 / baselineDecision.p50)})`,
      target: `p50 ≤ ${fmt.us(DECISION_TARGET_MS)}`,
      status: verdict(s.p50 <= DECISION_TARGET_MS),
      data: { p50: s.p50, p99: s.p99, baselineP50: baselineDecision.p50, rules: RULES },
    });
  }
  const baselineFilter = filter(typical, undefined);
  for (const [name, who] of [["filter 1 000 buckets, caller in 2 groups", typical], ["filter 1 000 buckets, caller in all 200 groups", everyTeam]] as const) {
    const s = filter(who, policy);
    rows.push({
      section: SECTION,
      name: `${name}, ${RULES} rules`,
      value: `p50 ${fmt.ms(s.p50)}, p99 ${fmt.ms(s.p99)} (no policy ${fmt.ms(baselineFilter.p50)})`,
      target: `p50 ≤ ${fmt.ms(FILTER_TARGET_MS)}`,
      status: verdict(s.p50 <= FILTER_TARGET_MS),
      data: { p50: s.p50, p99: s.p99, baselineP50: baselineFilter.p50, buckets: buckets.length, rules: RULES },
    });
  }
  return rows;
}
