/**
 * Per-stage settings, read from the deploy environment (CI sets them per GitHub environment, a
 * developer exports them before `sst dev`) and validated before anything is deployed: a stage
 * whose functions could not verify a single token fails the deploy instead of answering 500.
 * Pure (no SST globals) so tests can exercise it. Secrets never pass through here: the HCP
 * endpoint and keys are sst.Secret values (infra/secrets.ts).
 */
import { readPolicyDocument, policyJson } from "@rahcp/core/access/policy-file";
import { PolicyError } from "@rahcp/core/access/policy";
import { API_GATEWAY_TIMEOUT_MS, FUNCTION_TIMEOUT_MS } from "@rahcp/core/settings/deadlines";
import { problemsOf, type Env } from "@rahcp/core/settings/env";
import { parseFunctionSettings } from "@rahcp/core/settings/function-settings";
import { NO_TENANT, parseTenantConnections, TENANT_SECRETS } from "@rahcp/core/tenants/tenant-settings";

export class StageSettingsError extends Error {
  override readonly name = "StageSettingsError";
}

export function isProduction(stage: string): boolean {
  return stage === "production";
}

/**
 * Deploy-time variables copied to every function when set, and validated with the parsers the
 * functions read them with (packages/core/src/settings/).
 */
export const FUNCTION_VARIABLES = [
  "AUTH_MODE",
  "AUTH_ISSUER",
  "AUTH_AUDIENCE",
  "AUTH_JWKS_URI",
  "AUTH_TOKEN_URL",
  "AUTH_SCOPE_READ",
  "AUTH_SCOPE_WRITE",
  "AUTH_SCOPE_ADMIN",
  "AUTH_TENANT_CLAIM",
  "AUTH_GROUPS_CLAIM",
  "AUTH_VERIFIED_TTL_S",
  "AUTH_MAX_TOKEN_LIFETIME_S",
  "ALLOW_PUBLIC_ACL",
  "BUCKET_NAME_RULES",
  "COGNITO_USER_POOL_ID",
  "COGNITO_CLIENT_ID",
  "HCP_REGION",
  "S3_CONNECT_TIMEOUT_MS",
  "S3_REQUEST_TIMEOUT_MS",
  "S3_MAX_ATTEMPTS",
  "S3_BUDGET_MS",
  "FORCE_DELETE_BUDGET_MS",
  "POWERTOOLS_LOG_LEVEL",
] as const;

/** Deploy-time variables only infra reads: CORS is API Gateway's alone. */
export const GATEWAY_VARIABLES = ["CORS_ALLOWED_ORIGINS"] as const;

/**
 * Deploy-time variables about what the functions are packaged with: the stage's access policy
 * file (YAML or JSON, path relative to the repository), validated here and shipped as JSON.
 */
export const PACKAGE_VARIABLES = ["RAHCP_POLICY_FILE"] as const;

/** Where a function finds the policy the deploy copied into its package (relative to LAMBDA_TASK_ROOT). */
export const PACKAGED_POLICY_FILE = "rahcp-policy.json";

/**
 * Deploy-time variables that protect the tenant's HCP and say when it hurts (infra only): API
 * Gateway throttling, Lambda reserved concurrency, the alarm e-mail. See stageProtection() below.
 */
export const PROTECTION_VARIABLES = [
  "API_THROTTLE_RATE",
  "API_THROTTLE_BURST",
  "FUNCTION_RESERVED_CONCURRENCY",
  "ALARM_EMAIL",
] as const;

/** Every deploy-time variable; the deploy workflow passes each of them to SST. */
export const STAGE_VARIABLES = [...FUNCTION_VARIABLES, ...GATEWAY_VARIABLES, ...PACKAGE_VARIABLES, ...PROTECTION_VARIABLES] as const;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === "" ? undefined : raw;
}

function list(env: Env, name: string): string[] {
  return (value(env, name) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** What each function's environment will hold: the FUNCTION_VARIABLES that are set, trimmed. */
function functionEnvironment(env: Env): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of FUNCTION_VARIABLES) {
    const set = value(env, name);
    if (set !== undefined) environment[name] = set;
  }
  return environment;
}

/** The stage's policy, read and validated with the API's own parser; problems name file and rule. */
function policyOf(env: Env, problems: string[]): StagePolicy | undefined {
  const file = value(env, "RAHCP_POLICY_FILE");
  if (file === undefined) return undefined;
  try {
    const policy = readPolicyDocument(file);
    return { file, rules: policy.rules.length, json: policyJson(policy) };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    problems.push(`RAHCP_POLICY_FILE ${error.message}`);
    return undefined;
  }
}

/** The access policy the stage's functions are packaged with. */
export interface StagePolicy {
  /** As given in RAHCP_POLICY_FILE. */
  readonly file: string;
  readonly rules: number;
  /** What the functions read (they parse JSON only). */
  readonly json: string;
}

export interface StageSettings {
  /** Environment variables of every function (no secrets). */
  readonly environment: Record<string, string>;
  /** Browser origins allowed by API Gateway's CORS; empty: CORS off. */
  readonly corsOrigins: string[];
  /** Retention of access and function logs. */
  readonly logRetention: "1 week" | "1 year";
  /** Undefined: no policy, the token's scopes alone decide. */
  readonly policy: StagePolicy | undefined;
}

/**
 * The stage's settings. The functions' variables are checked as the functions will read them, with
 * the deploy's own checks on top (https issuers, budgets that fit the function timeout); every
 * problem is reported at once.
 */
export function stageSettings(stage: string, env: Env, options: { dev?: boolean } = {}): StageSettings {
  const functionEnv = functionEnvironment(env);
  const problems = problemsOf(parseFunctionSettings(functionEnv, { dev: options.dev ?? false }));
  const policy = policyOf(env, problems);
  if (FUNCTION_TIMEOUT_MS >= API_GATEWAY_TIMEOUT_MS) problems.push(`the function timeout must stay under API Gateway's ${API_GATEWAY_TIMEOUT_MS / 1000} s`);
  if (problems.length > 0) {
    throw new StageSettingsError(`Stage "${stage}" is not configured: ${problems.join("; ")}`);
  }
  return {
    environment: { POWERTOOLS_SERVICE_NAME: "rahcp", ...functionEnv },
    corsOrigins: list(env, "CORS_ALLOWED_ORIGINS"),
    logRetention: isProduction(stage) ? "1 year" : "1 week",
    policy,
  };
}

/**
 * The stage's HCP tenant secrets, as SST hands them to the config at deploy time
 * (`SST_SECRET_<Name>`): either HcpTenants or the single-tenant three, and valid. A stage that could
 * reach no tenant fails the deploy instead of answering 500 to every request.
 */
export function tenantSecretProblems(env: Env): string[] {
  const secret = (field: keyof typeof TENANT_SECRETS) => value(env, `SST_SECRET_${TENANT_SECRETS[field].secret}`);
  const parsed = parseTenantConnections({
    tenantsJson: secret("tenantsJson"),
    endpoint: secret("endpoint"),
    accessKeyId: secret("accessKeyId"),
    secretAccessKey: secret("secretAccessKey"),
  });
  if (!parsed.ok) return parsed.problems;
  if (parsed.value.size === 0) return [`${NO_TENANT} (\`npx sst secret set <name> <value> --stage <stage>\`)`];
  return [];
}

// --- Protecting HCP per stage ------------------------------------------------------------------

/**
 * Which defaults a stage gets. CI deploys `production` (tags), `staging` (main) and `pr-<number>`
 * (pull requests); any other name is a developer's own stage (`sst dev`, `sst deploy --stage me`).
 */
export type StageKind = "production" | "staging" | "preview" | "personal";

const PREVIEW_STAGE = /^pr-[1-9][0-9]*$/;

export function stageKind(stage: string): StageKind {
  if (isProduction(stage)) return "production";
  if (stage === "staging") return "staging";
  return PREVIEW_STAGE.test(stage) ? "preview" : "personal";
}

export interface ProtectionDefaults {
  /** API Gateway: steady requests per second, for each route (the stage's default route settings). */
  readonly throttleRate: number;
  /** API Gateway: requests admitted at once above the steady rate (token bucket size). */
  readonly throttleBurst: number;
  /** Concurrent executions reserved for, and the most allowed to, each function that calls HCP. */
  readonly reservedConcurrency: number | undefined;
}

/**
 * The throttle keeps callers' request rate off HCP; the reserved concurrency bounds the calls in
 * flight when HCP slows down (at 50 requests/s, 2 s answers would otherwise mean 100 concurrent
 * calls per endpoint, piling onto a struggling tenant). Previews and personal stages reserve
 * nothing: reservations come out of the account's pool for every open pull request, and an
 * account must keep 100 executions unreserved.
 */
export const PROTECTION_DEFAULTS: Readonly<Record<StageKind, ProtectionDefaults>> = {
  production: { throttleRate: 50, throttleBurst: 100, reservedConcurrency: 10 },
  staging: { throttleRate: 20, throttleBurst: 40, reservedConcurrency: 5 },
  preview: { throttleRate: 10, throttleBurst: 20, reservedConcurrency: undefined },
  personal: { throttleRate: 10, throttleBurst: 20, reservedConcurrency: undefined },
};

/** API Gateway's default account quotas per region (a stage may not ask for more). */
const GATEWAY_MAX_RATE = 10_000;
const GATEWAY_MAX_BURST = 5_000;
/** FUNCTION_RESERVED_CONCURRENCY's value for "reserve nothing". */
const NO_RESERVATION = "none";
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export interface StageProtection {
  readonly kind: StageKind;
  /** API Gateway's stage throttle, applied to each route separately (HTTP APIs have no stage-wide limit). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Reserved concurrency of each HCP-calling function; undefined: none reserved. */
  readonly reservedConcurrency: number | undefined;
  /** Subscribers of the stage's alarm topic; none: no topic and no alarms. */
  readonly alarmEmails: string[];
}

interface NumberRule {
  readonly fallback: number;
  readonly valid: (n: number) => boolean;
  /** What a valid value is, for the error message. */
  readonly rule: string;
}

function numberSetting(env: Env, name: string, { fallback, valid, rule }: NumberRule, problems: string[]): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || !valid(parsed)) problems.push(`${name} must be ${rule}, not "${raw}"`);
  return parsed;
}

/**
 * How much load the stage lets through to HCP and who hears about trouble, from
 * PROTECTION_VARIABLES over the stage kind's defaults. Validated like stageSettings(): a bad value
 * fails the deploy before anything is created.
 */
export function stageProtection(stage: string, env: Env): StageProtection {
  const kind = stageKind(stage);
  const defaults = PROTECTION_DEFAULTS[kind];
  const problems: string[] = [];
  const rateLimit = numberSetting(env, "API_THROTTLE_RATE", {
    fallback: defaults.throttleRate,
    valid: (n) => n > 0 && n <= GATEWAY_MAX_RATE,
    rule: `a number of requests per second above 0 and at most ${GATEWAY_MAX_RATE}`,
  }, problems);
  const burstLimit = numberSetting(env, "API_THROTTLE_BURST", {
    fallback: defaults.throttleBurst,
    valid: (n) => Number.isInteger(n) && n >= 1 && n <= GATEWAY_MAX_BURST,
    rule: `a whole number of requests from 1 to ${GATEWAY_MAX_BURST}`,
  }, problems);

  let reservedConcurrency = defaults.reservedConcurrency;
  const reserved = value(env, "FUNCTION_RESERVED_CONCURRENCY");
  if (reserved === NO_RESERVATION) {
    reservedConcurrency = undefined;
  } else if (reserved !== undefined) {
    reservedConcurrency = Number(reserved);
    if (!/^[0-9]+$/.test(reserved) || reservedConcurrency < 1) {
      problems.push(`FUNCTION_RESERVED_CONCURRENCY must be a whole number of at least 1 or "${NO_RESERVATION}", not "${reserved}" (0 would stop every function)`);
    }
  }

  const alarmEmails = list(env, "ALARM_EMAIL");
  for (const email of alarmEmails) if (!EMAIL.test(email)) problems.push(`ALARM_EMAIL: "${email}" is not an e-mail address`);

  if (problems.length > 0) throw new StageSettingsError(`Stage "${stage}" is not configured: ${problems.join("; ")}`);
  return { kind, throttle: { rateLimit, burstLimit }, reservedConcurrency, alarmEmails };
}
