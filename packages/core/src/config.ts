import { Resource } from "sst/resource";
import type { BucketNameRules } from "./bucket-name-rules";
import { parseAuthSettings, parseTokenRules, type AuthSettings, type TokenRules } from "./settings/auth";
import { parseAclSettings, parseBucketNameRules, parseForceDeleteSettings, type AclSettings } from "./settings/buckets";
import type { Env, Parsed } from "./settings/env";
import { parsePolicySettings } from "./settings/policy";
import { parseS3Settings, type S3Settings, type S3Tuning } from "./settings/s3";
import { TENANT_SECRETS, type TenantSources } from "./tenants/tenant-settings";

/**
 * The container's settings, as the functions read them: the environment through core's pure
 * parsers (settings/), secrets from SST. A setting that does not parse throws ConfigError naming
 * every problem, which the handlers answer as 500 ServerMisconfigured: never a fallback.
 */

export { ANSWER_MARGIN_MS } from "./settings/deadlines";
export { DEFAULT_TOKEN_RULES, type AuthSettings, type TokenRules } from "./settings/auth";
export type { S3Settings, S3Tuning } from "./settings/s3";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function valueOf<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new ConfigError(parsed.problems.join("; "));
  return parsed.value;
}

/**
 * A secret: the SST secret linked to the function (read through `Resource`), unless the matching
 * environment variable is set (local server, tests).
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

/** Both forms of the tenant settings, as linked SST secrets or environment variables. */
export function tenantSources(): TenantSources {
  const read = (field: keyof typeof TENANT_SECRETS) => secret(TENANT_SECRETS[field].secret, TENANT_SECRETS[field].env);
  return {
    tenantsJson: read("tenantsJson"),
    endpoint: read("endpoint"),
    accessKeyId: read("accessKeyId"),
    secretAccessKey: read("secretAccessKey"),
  };
}

/** S3 tuning shared by every tenant (the per-tenant endpoint and keys come from tenantSources()). */
export function s3Tuning(env: Env = process.env): S3Tuning {
  return valueOf(parseS3Settings(env));
}

/** One S3 client's settings from the single-tenant secrets and the shared tuning. */
export function s3Settings(): S3Settings {
  const { endpoint, accessKeyId, secretAccessKey } = tenantSources();
  return { endpoint, accessKeyId, secretAccessKey, ...s3Tuning() };
}

/** The token rules from AUTH_* (defaults when unset): what the verifier checks and the dev issuer writes. */
export function tokenRules(env: Env = process.env): TokenRules {
  return valueOf(parseTokenRules(env));
}

export function authSettings(env: Env = process.env): AuthSettings {
  return valueOf(parseAuthSettings(env));
}

/** How long one force-delete call may empty a bucket before it answers 202 (read per request). */
export function forceDeleteBudgetMs(): number {
  return valueOf(parseForceDeleteSettings(process.env)).budgetMs;
}

/**
 * Which bucket naming rules the API enforces: HCP's (default) or, for S3-compatible backends, S3's.
 * Read per request (an environment lookup), so a wrong value answers 500 instead of failing open.
 */
export function bucketNameRules(): BucketNameRules {
  return valueOf(parseBucketNameRules(process.env));
}

/** Bucket ACL safety, read per request: grants to everyone only where the stage allows them. */
export function aclSettings(): AclSettings {
  return valueOf(parseAclSettings(process.env));
}

/** The access policy file (RAHCP_POLICY) as set, undefined when none: the token's scopes alone decide. */
export function policyFile(env: Env = process.env): string | undefined {
  return valueOf(parsePolicySettings(env)).file;
}

/** Largest accepted request body; bucket API bodies are tiny, ACLs with 100 grants fit easily. */
export const MAX_BODY_BYTES = 64 * 1024;
