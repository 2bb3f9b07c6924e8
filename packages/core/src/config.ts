import { Resource } from "sst/resource";
import type { BucketNameRules } from "./bucket-name-rules";
import { DEFAULT_SCOPES, type ScopeNames } from "./permissions";
import type { TenantSources } from "./tenants/tenant-settings";

/**
 * Runtime settings. Secrets come from SST (`sst.Secret` linked to the function, read through
 * `Resource`); when the matching environment variable is set (local server, tests) it wins.
 */
function secret(resourceName: string, envName: string): string | undefined {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  try {
    const linked = (Resource as unknown as Record<string, { value?: unknown } | undefined>)[resourceName];
    return typeof linked?.value === "string" && linked.value !== "" ? linked.value : undefined;
  } catch {
    return undefined; // not linked: running outside SST
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function env(name: string, source: Env = process.env): string | undefined {
  const value = source[name];
  return value === undefined || value === "" ? undefined : value;
}

function intEnv(name: string, fallback: number, minimum = 0, source: Env = process.env): number {
  const raw = env(name, source);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(`${name} must be ${minimum > 0 ? "a positive" : "a non-negative"} integer`);
  }
  return value;
}

function booleanEnv(name: string, fallback: boolean): boolean {
  const raw = env(name);
  if (raw === undefined) return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new ConfigError(`${name} must be "true" or "false"`);
}

function listEnv(name: string): string[] | undefined {
  const raw = env(name);
  return raw?.split(",").map((s) => s.trim()).filter(Boolean);
}

export interface S3Settings {
  endpoint: string | undefined;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  region: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Whole-operation budget including retries; stays below API Gateway's 29 s limit. */
  budgetMs: number;
}

/**
 * Defaults sized so that every attempt can run out its timeouts and backoff within the budget
 * (3 × (1 s + 4.5 s) + the SDK's worst throttling backoff of 1 s + 2 s = 19.5 s ≤ 20 s), and the
 * budget plus a cold JWKS fetch stays below API Gateway's 29 s (test/faults/timeout-budget.test.ts).
 */
export function s3Settings(): S3Settings {
  return {
    endpoint: secret("HcpEndpoint", "HCP_ENDPOINT"),
    accessKeyId: secret("HcpAccessKeyId", "HCP_ACCESS_KEY_ID"),
    secretAccessKey: secret("HcpSecretAccessKey", "HCP_SECRET_ACCESS_KEY"),
    region: env("HCP_REGION") ?? "us-east-1",
    connectTimeoutMs: intEnv("S3_CONNECT_TIMEOUT_MS", 1_000),
    requestTimeoutMs: intEnv("S3_REQUEST_TIMEOUT_MS", 4_500),
    maxAttempts: intEnv("S3_MAX_ATTEMPTS", 3),
    budgetMs: intEnv("S3_BUDGET_MS", 20_000),
  };
}

/** S3 tuning shared by every tenant (the per-tenant endpoint and keys come from tenantSources()). */
export function s3Tuning(): Omit<S3Settings, "endpoint" | "accessKeyId" | "secretAccessKey"> {
  const { endpoint: _endpoint, accessKeyId: _key, secretAccessKey: _secret, ...tuning } = s3Settings();
  return tuning;
}

/** Both forms of the tenant settings, as linked SST secrets or environment variables. */
export function tenantSources(): TenantSources {
  return {
    tenantsJson: secret("HcpTenants", "HCP_TENANTS"),
    endpoint: secret("HcpEndpoint", "HCP_ENDPOINT"),
    accessKeyId: secret("HcpAccessKeyId", "HCP_ACCESS_KEY_ID"),
    secretAccessKey: secret("HcpSecretAccessKey", "HCP_SECRET_ACCESS_KEY"),
  };
}

/** What the verifier reads from tokens and how long it trusts what it has verified. */
export interface TokenRules {
  scopes: ScopeNames;
  /** Claim naming the caller's tenant (AUTH_TENANT_CLAIM). */
  tenantClaim: string;
  /** Claim listing the caller's groups (AUTH_GROUPS_CLAIM; Cognito: `cognito:groups`). */
  groupsClaim: string;
  /** A verified token is remembered at most this long, and the JWKS refetched at least this often. */
  verifiedTtlSeconds: number;
  /** Longest token lifetime accepted (exp − iat, else exp − now). */
  maxTokenLifetimeSeconds: number;
}

export const DEFAULT_TOKEN_RULES: Omit<TokenRules, "scopes"> = {
  tenantClaim: "tenant",
  groupsClaim: "groups",
  verifiedTtlSeconds: 300,
  maxTokenLifetimeSeconds: 86_400,
};

export type AuthSettings = TokenRules &
  (
    | {
        kind: "oidc";
        issuer: string;
        audience: string[];
        jwksUri: string;
      }
    | {
        kind: "cognito";
        userPoolId: string;
        clientId: string[];
      }
  );

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** The token rules from AUTH_* (defaults when unset): what the verifier checks and the dev issuer writes. */
export function tokenRules(source: Env = process.env): TokenRules {
  return {
    scopes: {
      read: env("AUTH_SCOPE_READ", source) ?? DEFAULT_SCOPES.read,
      write: env("AUTH_SCOPE_WRITE", source) ?? DEFAULT_SCOPES.write,
      admin: env("AUTH_SCOPE_ADMIN", source) ?? DEFAULT_SCOPES.admin,
    },
    tenantClaim: env("AUTH_TENANT_CLAIM", source) ?? DEFAULT_TOKEN_RULES.tenantClaim,
    groupsClaim: env("AUTH_GROUPS_CLAIM", source) ?? DEFAULT_TOKEN_RULES.groupsClaim,
    verifiedTtlSeconds: intEnv("AUTH_VERIFIED_TTL_S", DEFAULT_TOKEN_RULES.verifiedTtlSeconds, 1, source),
    maxTokenLifetimeSeconds: intEnv("AUTH_MAX_TOKEN_LIFETIME_S", DEFAULT_TOKEN_RULES.maxTokenLifetimeSeconds, 1, source),
  };
}

/**
 * How long one force-delete call may empty a bucket before it answers 202 (FORCE_DELETE_BUDGET_MS,
 * default the S3 budget); the Lambda's remaining time bounds it too.
 */
export function forceDeleteBudgetMs(): number {
  return intEnv("FORCE_DELETE_BUDGET_MS", s3Settings().budgetMs, 1);
}

/** Time a handler keeps, after its work, to answer within the function's timeout. */
export const ANSWER_MARGIN_MS = 2_000;

/**
 * Which bucket naming rules the API enforces: HCP's (default) or, for S3-compatible backends, S3's.
 * Read per request (an environment lookup), so a wrong value answers 500 instead of failing open.
 */
export function bucketNameRules(): BucketNameRules {
  const raw = env("BUCKET_NAME_RULES") ?? "hcp";
  if (raw === "hcp" || raw === "s3") return raw;
  throw new ConfigError(`BUCKET_NAME_RULES must be "hcp" or "s3", not "${raw.slice(0, 20)}"`);
}

/** Bucket ACL safety: grants to everyone (AllUsers, AuthenticatedUsers) only where the stage allows them. */
export function aclSettings(): { allowPublicAcl: boolean } {
  return { allowPublicAcl: booleanEnv("ALLOW_PUBLIC_ACL", false) };
}

export function authSettings(): AuthSettings {
  const rules = tokenRules();
  const mode = env("AUTH_MODE") ?? "oidc";
  if (mode === "cognito") {
    const userPoolId = env("COGNITO_USER_POOL_ID");
    const clientId = listEnv("COGNITO_CLIENT_ID");
    if (!userPoolId || !clientId?.length) {
      throw new ConfigError("AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID");
    }
    return { ...rules, kind: "cognito", userPoolId, clientId };
  }
  if (mode !== "oidc") throw new ConfigError(`AUTH_MODE must be "oidc" or "cognito", not "${mode}"`);
  const issuer = env("AUTH_ISSUER");
  const audience = listEnv("AUTH_AUDIENCE");
  if (!issuer || !audience?.length) throw new ConfigError("AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE");
  const jwksUri = env("AUTH_JWKS_URI") ?? `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`;
  return { ...rules, kind: "oidc", issuer, audience, jwksUri };
}

/** Largest accepted request body; bucket API bodies are tiny, ACLs with 100 grants fit easily. */
export const MAX_BODY_BYTES = 64 * 1024;
