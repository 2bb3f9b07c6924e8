import { PERMISSIONS, withImplied, type Permission } from "../permissions";
import { tenantNameProblem } from "../tenants/tenant-name";
import { compileGlob, globProblem, type NameMatcher } from "./glob";

/**
 * The access policy: which callers (by group, subject or client) may do what (read, write, admin)
 * on which buckets (glob patterns) of which tenant. Parsed and checked once per container; a
 * document that does not validate is refused as a whole, never partly applied.
 *
 *   rules:
 *     - who: { group: team-a }          # or { sub: "…" } or { client: "…" }
 *       tenant: archive                 # a tenant name or "*"
 *       buckets: ["team-a-*"]           # * and ? only
 *       allow: [read, write]
 *       id: team-a-rw                   # optional: names the rule in audit lines and /me
 */

export type WhoKind = "group" | "sub" | "client";
const WHO_KINDS: readonly WhoKind[] = ["group", "sub", "client"];

export interface PolicyRule {
  /** `id` when the rule has one, else its position (`rules[3]`): what audit lines and /me name. */
  readonly label: string;
  readonly who: { readonly kind: WhoKind; readonly value: string };
  readonly tenant: string;
  readonly buckets: readonly string[];
  /** As written. */
  readonly allow: readonly Permission[];
  /** With implications (write ⇒ read, admin ⇒ both). */
  readonly grants: ReadonlySet<Permission>;
  /** Position in the document: the first matching rule in document order is the one that grants. */
  readonly index: number;
  matches(bucket: string): boolean;
}

/** A rule's pattern, filed under its literal start; `matches` absent: the start alone decides (`prefix*`). */
interface IndexedPattern {
  readonly rule: PolicyRule;
  readonly matches?: NameMatcher;
}

/**
 * Rules by the bucket names their patterns can match, so a decision looks at the few rules that
 * could apply to a bucket instead of at every rule the caller has: exact names, and every other
 * pattern under the literal text before its first wildcard (looked up by the name's prefixes of
 * the lengths that occur); patterns starting with a wildcard are checked for every name.
 */
export interface BucketIndex {
  readonly exact: ReadonlyMap<string, readonly PolicyRule[]>;
  readonly byStart: ReadonlyMap<string, readonly IndexedPattern[]>;
  /** The distinct lengths of the keys of `byStart`, ascending. */
  readonly startLengths: readonly number[];
  readonly wildStart: readonly IndexedPattern[];
}

export interface AccessPolicy {
  /** Where it came from (a file path), for logs. */
  readonly source: string;
  readonly rules: readonly PolicyRule[];
  /** Rules by who they name (for a caller's own list of grants). */
  readonly byWho: Readonly<Record<WhoKind, ReadonlyMap<string, readonly PolicyRule[]>>>;
  /** Rules by the bucket names they can match (for decisions). */
  readonly byBucket: BucketIndex;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexByBucket(rules: readonly PolicyRule[]): BucketIndex {
  const exact = new Map<string, PolicyRule[]>();
  const byStart = new Map<string, IndexedPattern[]>();
  const wildStart: IndexedPattern[] = [];
  for (const rule of rules) {
    for (const pattern of rule.buckets) {
      const wildcard = pattern.search(/[*?]/);
      if (wildcard === -1) {
        push(exact, pattern, rule);
        continue;
      }
      const prefixOnly = wildcard === pattern.length - 1 && pattern.endsWith("*");
      const entry: IndexedPattern = prefixOnly ? { rule } : { rule, matches: compileGlob(pattern) };
      if (wildcard === 0) wildStart.push(entry);
      else push(byStart, pattern.slice(0, wildcard), entry);
    }
  }
  const startLengths = [...new Set([...byStart.keys()].map((p) => p.length))].sort((a, b) => a - b);
  return { exact, byStart, startLengths, wildStart };
}

/**
 * Calls `visit` with every rule that has a pattern matching `bucket` (a rule may come more than
 * once), until `visit` returns true. Plain loops, no allocation: this runs for every bucket of a
 * listing.
 */
export function visitRulesMatching(index: BucketIndex, bucket: string, visit: (rule: PolicyRule) => boolean | void): void {
  const exact = index.exact.get(bucket);
  if (exact) for (const rule of exact) if (visit(rule)) return;
  for (const length of index.startLengths) {
    if (length > bucket.length) break;
    const entries = index.byStart.get(bucket.slice(0, length));
    if (entries) for (const { rule, matches } of entries) if ((!matches || matches(bucket)) && visit(rule)) return;
  }
  for (const { rule, matches } of index.wildStart) if ((!matches || matches(bucket)) && visit(rule)) return;
}

/** A policy document that does not validate: every problem, each naming its rule. */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.length === 1 ? problems[0] : `${problems.length} problems: ${problems.join("; ")}`}`);
  }
}

/** More rules than any deployment needs are a sign of a generated document gone wrong. */
export const MAX_RULES = 10_000;
const MAX_PATTERNS_PER_RULE = 100;
const MAX_WHO_LENGTH = 256;
const RULE_FIELDS = new Set(["id", "who", "tenant", "buckets", "allow"]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const quote = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/** A rule that passed validation, before compilation. */
type CheckedRule = Pick<PolicyRule, "who" | "tenant" | "buckets" | "allow"> & { id?: string };

/** Validates one rule, pushing each problem (prefixed with `at`); undefined when it has any. */
function checkRule(raw: unknown, at: string, problems: string[]): CheckedRule | undefined {
  const before = problems.length;
  const problem = (message: string) => problems.push(`${at}: ${message}`);
  if (!isObject(raw)) {
    problem("must be an object with who, tenant, buckets and allow");
    return undefined;
  }
  for (const key of Object.keys(raw)) if (!RULE_FIELDS.has(key)) problem(`unknown field '${key.slice(0, 64)}' (allowed: id, who, tenant, buckets, allow)`);

  const id = raw["id"];
  if (id !== undefined && (typeof id !== "string" || id.trim() === "" || id.length > 128)) problem("id must be a non-empty string of at most 128 characters");

  let who: PolicyRule["who"] | undefined;
  const rawWho = raw["who"];
  if (!isObject(rawWho)) problem("who must be an object with exactly one of group, sub or client");
  else {
    const keys = Object.keys(rawWho);
    const kind = keys[0] as WhoKind;
    const value = rawWho[kind];
    if (keys.length !== 1 || !WHO_KINDS.includes(kind)) problem(`who must have exactly one of group, sub or client, not ${quote(keys)}`);
    else if (typeof value !== "string" || value.trim() === "" || value.length > MAX_WHO_LENGTH) problem(`who.${kind} must be a non-empty string`);
    else who = { kind, value };
  }

  const tenant = raw["tenant"];
  if (typeof tenant !== "string") problem(`tenant must be a tenant name or "*"`);
  else if (tenant !== "*") {
    const bad = tenantNameProblem(tenant);
    if (bad) problem(`tenant ${quote(tenant)} ${bad}`);
  }

  const buckets = raw["buckets"];
  if (!Array.isArray(buckets) || buckets.length === 0 || buckets.length > MAX_PATTERNS_PER_RULE) {
    problem(`buckets must be a list of 1 to ${MAX_PATTERNS_PER_RULE} patterns`);
  } else {
    buckets.forEach((pattern, i) => {
      if (typeof pattern !== "string") problem(`buckets[${i}] must be a string`);
      else {
        const bad = globProblem(pattern);
        if (bad) problem(`buckets[${i}] ${quote(pattern)} ${bad}`);
      }
    });
  }

  const allow = raw["allow"];
  if (!Array.isArray(allow) || allow.length === 0) problem("allow must be a non-empty list of read, write, admin");
  else {
    allow.forEach((permission, i) => {
      if (!PERMISSIONS.includes(permission as Permission)) problem(`allow[${i}] is ${quote(permission)}; expected read, write or admin`);
    });
  }

  if (problems.length > before) return undefined;
  return {
    ...(typeof id === "string" ? { id } : {}),
    who: who!,
    tenant: tenant as string,
    buckets: buckets as string[],
    allow: [...new Set(allow as Permission[])],
  };
}

function compileRule(rule: CheckedRule, index: number): PolicyRule {
  const matchers: NameMatcher[] = rule.buckets.map(compileGlob);
  const matches: (bucket: string) => boolean =
    matchers.length === 1 ? matchers[0]! : (bucket) => matchers.some((match) => match(bucket));
  return {
    label: rule.id ?? `rules[${index}]`,
    who: rule.who,
    tenant: rule.tenant,
    buckets: rule.buckets,
    allow: rule.allow,
    grants: withImplied(rule.allow),
    index,
    matches,
  };
}

/** Validates a parsed policy document (from JSON or YAML) and compiles it; throws PolicyError naming every problem. */
export function parsePolicy(document: unknown, source: string): AccessPolicy {
  const problems: string[] = [];
  if (!isObject(document)) throw new PolicyError(source, ["the document must be an object with a 'rules' list"]);
  for (const key of Object.keys(document)) if (key !== "rules") problems.push(`unknown top-level field '${key.slice(0, 64)}' (only 'rules')`);
  const rawRules = document["rules"];
  if (!Array.isArray(rawRules)) throw new PolicyError(source, [...problems, "'rules' must be a list of rules"]);
  if (rawRules.length > MAX_RULES) throw new PolicyError(source, [`${rawRules.length} rules; at most ${MAX_RULES}`]);

  const rules: PolicyRule[] = [];
  const labels = new Map<string, number>();
  rawRules.forEach((raw, index) => {
    const checked = checkRule(raw, `rules[${index}]`, problems);
    if (!checked) return;
    const rule = compileRule(checked, index);
    const seen = labels.get(rule.label);
    if (seen !== undefined) problems.push(`rules[${index}]: id '${rule.label}' is already used by rules[${seen}]`);
    labels.set(rule.label, index);
    rules.push(rule);
  });
  if (problems.length > 0) throw new PolicyError(source, problems);

  const byWho = { group: new Map<string, PolicyRule[]>(), sub: new Map<string, PolicyRule[]>(), client: new Map<string, PolicyRule[]>() };
  for (const rule of rules) push(byWho[rule.who.kind], rule.who.value, rule);
  return { source, rules, byWho, byBucket: indexByBucket(rules) };
}
