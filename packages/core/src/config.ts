import { Resource } from "sst/resource";
import { DEFAULT_SCOPES, type ScopeNames } from "./permissions";

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

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

function intEnv(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
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

export type AuthSettings =
  | {
      kind: "oidc";
      issuer: string;
      audience: string[];
      jwksUri: string;
      scopes: ScopeNames;
    }
  | {
      kind: "cognito";
      userPoolId: string;
      clientId: string[];
      scopes: ScopeNames;
    };

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function authSettings(): AuthSettings {
  const scopes: ScopeNames = {
    read: env("AUTH_SCOPE_READ") ?? DEFAULT_SCOPES.read,
    write: env("AUTH_SCOPE_WRITE") ?? DEFAULT_SCOPES.write,
    admin: env("AUTH_SCOPE_ADMIN") ?? DEFAULT_SCOPES.admin,
  };
  const mode = env("AUTH_MODE") ?? "oidc";
  if (mode === "cognito") {
    const userPoolId = env("COGNITO_USER_POOL_ID");
    const clientId = listEnv("COGNITO_CLIENT_ID");
    if (!userPoolId || !clientId?.length) {
      throw new ConfigError("AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID");
    }
    return { kind: "cognito", userPoolId, clientId, scopes };
  }
  if (mode !== "oidc") throw new ConfigError(`AUTH_MODE must be "oidc" or "cognito", not "${mode}"`);
  const issuer = env("AUTH_ISSUER");
  const audience = listEnv("AUTH_AUDIENCE");
  if (!issuer || !audience?.length) throw new ConfigError("AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE");
  const jwksUri = env("AUTH_JWKS_URI") ?? `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`;
  return { kind: "oidc", issuer, audience, jwksUri, scopes };
}

/** Largest accepted request body; bucket API bodies are tiny, ACLs with 100 grants fit easily. */
export const MAX_BODY_BYTES = 64 * 1024;
