/**
 * Per-stage settings, read from the deploy environment (CI sets them per GitHub environment, a
 * developer exports them before `sst dev`) and validated before anything is deployed: a stage
 * whose functions could not verify a single token fails the deploy instead of answering 500.
 * Pure (no SST globals) so tests can exercise it. Secrets never pass through here: the HCP
 * endpoint and keys are sst.Secret values (infra/secrets.ts).
 */
import { readPolicyDocument, policyJson } from "@rahcp/core/access/policy-file";
import { PolicyError } from "@rahcp/core/access/policy";
import { parseTenantConnections } from "@rahcp/core/tenants/tenant-settings";
import { API_GATEWAY_TIMEOUT_MS, FUNCTION_TIMEOUT_MS } from "./function-defaults";

type Env = Readonly<Record<string, string | undefined>>;

export class StageSettingsError extends Error {
  override readonly name = "StageSettingsError";
}

export function isProduction(stage: string): boolean {
  return stage === "production";
}

/**
 * Deploy-time variables copied verbatim to every function when set (names as
 * packages/core/src/config.ts reads them).
 */
export const FUNCTION_VARIABLES = [
  "AUTH_MODE",
  "AUTH_ISSUER",
  "AUTH_AUDIENCE",
  "AUTH_JWKS_URI",
  "AUTH_SCOPE_READ",
  "AUTH_SCOPE_WRITE",
  "AUTH_SCOPE_ADMIN",
  "AUTH_TENANT_CLAIM",
  "AUTH_GROUPS_CLAIM",
  "AUTH_VERIFIED_TTL_S",
  "AUTH_MAX_TOKEN_LIFETIME_S",
  "ALLOW_PUBLIC_ACL",
  "COGNITO_USER_POOL_ID",
  "COGNITO_CLIENT_ID",
  "HCP_REGION",
  "S3_CONNECT_TIMEOUT_MS",
  "S3_REQUEST_TIMEOUT_MS",
  "S3_MAX_ATTEMPTS",
  "S3_BUDGET_MS",
  "POWERTOOLS_LOG_LEVEL",
] as const;

/** Deploy-time variables only infra reads: CORS is API Gateway's alone. */
export const GATEWAY_VARIABLES = ["CORS_ALLOWED_ORIGINS"] as const;

/**
 * Deploy-time variables about what the functions are packaged with: the stage's access policy
 * file (YAML or JSON, path relative to the repository), validated here and shipped as JSON.
 */
export const PACKAGE_VARIABLES = ["RAHCP_POLICY_FILE"] as const;

/** Every deploy-time variable; the deploy workflow passes each of them to SST. */
export const STAGE_VARIABLES = [...FUNCTION_VARIABLES, ...GATEWAY_VARIABLES, ...PACKAGE_VARIABLES] as const;

/** Where a function finds the policy the deploy copied into its package (relative to LAMBDA_TASK_ROOT). */
export const PACKAGED_POLICY_FILE = "rahcp-policy.json";

/** S3_BUDGET_MS's default in packages/core/src/config.ts. */
const DEFAULT_S3_BUDGET_MS = 20_000;
/** Time the handler needs after the S3 budget is spent to answer with its JSON 504. */
const RESPONSE_MARGIN_MS = 2_000;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === "" ? undefined : raw;
}

function list(env: Env, name: string): string[] {
  return (value(env, name) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function isLoopback(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

/** https, or http on loopback when the functions run on this machine (`sst dev`). */
function requireUrl(env: Env, name: string, dev: boolean, problems: string[]): void {
  const raw = value(env, name);
  if (raw === undefined) return;
  if (!URL.canParse(raw)) {
    problems.push(`${name} is not a URL`);
    return;
  }
  const { protocol, hostname } = new URL(raw);
  if (protocol === "https:" || (dev && protocol === "http:" && isLoopback(hostname))) return;
  problems.push(`${name} must be an https:// URL`);
}

function authProblems(env: Env, dev: boolean): string[] {
  const problems: string[] = [];
  const mode = value(env, "AUTH_MODE") ?? "oidc";
  if (mode === "cognito") {
    if (!value(env, "COGNITO_USER_POOL_ID")) problems.push("AUTH_MODE=cognito needs COGNITO_USER_POOL_ID");
    if (list(env, "COGNITO_CLIENT_ID").length === 0) problems.push("AUTH_MODE=cognito needs COGNITO_CLIENT_ID");
  } else if (mode === "oidc") {
    if (!value(env, "AUTH_ISSUER")) problems.push("AUTH_MODE=oidc needs AUTH_ISSUER");
    if (list(env, "AUTH_AUDIENCE").length === 0) problems.push("AUTH_MODE=oidc needs AUTH_AUDIENCE");
    requireUrl(env, "AUTH_ISSUER", dev, problems);
    requireUrl(env, "AUTH_JWKS_URI", dev, problems);
  } else {
    problems.push(`AUTH_MODE must be "oidc" or "cognito"`);
  }
  return problems;
}

function integerProblem(env: Env, name: string): string[] {
  const raw = value(env, name);
  return raw === undefined || (/^\d+$/.test(raw) && Number(raw) > 0) ? [] : [`${name} must be a positive integer`];
}

function accessProblems(env: Env): string[] {
  const publicAcl = value(env, "ALLOW_PUBLIC_ACL");
  return [
    ...(publicAcl === undefined || publicAcl === "true" || publicAcl === "false" ? [] : [`ALLOW_PUBLIC_ACL must be "true" or "false"`]),
    ...integerProblem(env, "AUTH_VERIFIED_TTL_S"),
    ...integerProblem(env, "AUTH_MAX_TOKEN_LIFETIME_S"),
  ];
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

function timeoutProblems(env: Env): string[] {
  const raw = value(env, "S3_BUDGET_MS");
  const budget = raw === undefined ? DEFAULT_S3_BUDGET_MS : Number(raw);
  if (!Number.isInteger(budget) || budget <= 0) return ["S3_BUDGET_MS must be a positive integer"];
  if (budget + RESPONSE_MARGIN_MS > FUNCTION_TIMEOUT_MS) {
    return [`S3_BUDGET_MS must leave ${RESPONSE_MARGIN_MS} ms under the ${FUNCTION_TIMEOUT_MS} ms function timeout`];
  }
  return [];
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

export function stageSettings(stage: string, env: Env, options: { dev?: boolean } = {}): StageSettings {
  const problems = [...authProblems(env, options.dev ?? false), ...accessProblems(env), ...timeoutProblems(env)];
  const policy = policyOf(env, problems);
  if (FUNCTION_TIMEOUT_MS >= API_GATEWAY_TIMEOUT_MS) problems.push("the function timeout must stay under API Gateway's 29 s");
  if (problems.length > 0) {
    throw new StageSettingsError(`Stage "${stage}" is not configured: ${problems.join("; ")}`);
  }
  const environment: Record<string, string> = { POWERTOOLS_SERVICE_NAME: "rahcp" };
  for (const name of FUNCTION_VARIABLES) {
    const set = value(env, name);
    if (set !== undefined) environment[name] = set;
  }
  return {
    environment,
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
  const parsed = parseTenantConnections({
    tenantsJson: value(env, "SST_SECRET_HcpTenants"),
    endpoint: value(env, "SST_SECRET_HcpEndpoint"),
    accessKeyId: value(env, "SST_SECRET_HcpAccessKeyId"),
    secretAccessKey: value(env, "SST_SECRET_HcpSecretAccessKey"),
  });
  if (!parsed.ok) return parsed.problems;
  if (parsed.value.size === 0) {
    return ["no HCP tenant: `npx sst secret set HcpTenants '<json>'`, or HcpEndpoint, HcpAccessKeyId and HcpSecretAccessKey"];
  }
  return [];
}
