import { DEFAULT_SCOPES, type ScopeNames } from "../permissions";
import { SettingsReader, type DeployChecks, type Env, type Parsed } from "./env";

/** What the verifier reads from tokens and how long it trusts what it has verified. */
export interface TokenRules {
  /** Scope granting each permission (AUTH_SCOPE_READ, AUTH_SCOPE_WRITE, AUTH_SCOPE_ADMIN). */
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

export const DEFAULT_TOKEN_RULES: Readonly<TokenRules> = {
  scopes: DEFAULT_SCOPES,
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

export const AUTH_MODES = ["oidc", "cognito"] as const;

function readTokenRules(read: SettingsReader): TokenRules {
  return {
    scopes: {
      read: read.text("AUTH_SCOPE_READ") ?? DEFAULT_TOKEN_RULES.scopes.read,
      write: read.text("AUTH_SCOPE_WRITE") ?? DEFAULT_TOKEN_RULES.scopes.write,
      admin: read.text("AUTH_SCOPE_ADMIN") ?? DEFAULT_TOKEN_RULES.scopes.admin,
    },
    tenantClaim: read.text("AUTH_TENANT_CLAIM") ?? DEFAULT_TOKEN_RULES.tenantClaim,
    groupsClaim: read.text("AUTH_GROUPS_CLAIM") ?? DEFAULT_TOKEN_RULES.groupsClaim,
    verifiedTtlSeconds: read.integer("AUTH_VERIFIED_TTL_S", DEFAULT_TOKEN_RULES.verifiedTtlSeconds, { positive: true }),
    maxTokenLifetimeSeconds: read.integer("AUTH_MAX_TOKEN_LIFETIME_S", DEFAULT_TOKEN_RULES.maxTokenLifetimeSeconds, { positive: true }),
  };
}

/** The token rules from AUTH_* (defaults when unset): what the verifier checks and the dev issuer writes. */
export function parseTokenRules(env: Env): Parsed<TokenRules> {
  const read = new SettingsReader(env);
  return read.result(readTokenRules(read));
}

/** `AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE`, naming only what is missing. */
function needs(read: SettingsReader, mode: string, missing: [string, boolean][]): void {
  const names = missing.filter(([, absent]) => absent).map(([name]) => name);
  if (names.length > 0) read.problems.push(`AUTH_MODE=${mode} needs ${names.join(" and ")}`);
}

/**
 * Whose tokens the API accepts (AUTH_MODE: an OIDC issuer, or a Cognito user pool) and the token
 * rules; the JWKS URI defaults to the issuer's `/.well-known/jwks.json`.
 */
export function parseAuthSettings(env: Env, deploy?: DeployChecks): Parsed<AuthSettings> {
  const read = new SettingsReader(env);
  const mode = read.oneOf("AUTH_MODE", AUTH_MODES, "oidc");
  const modeValid = read.problems.length === 0;
  let settings: AuthSettings | undefined;
  if (mode === "cognito") {
    const userPoolId = read.text("COGNITO_USER_POOL_ID");
    const clientId = read.list("COGNITO_CLIENT_ID") ?? [];
    needs(read, mode, [["COGNITO_USER_POOL_ID", !userPoolId], ["COGNITO_CLIENT_ID", clientId.length === 0]]);
    if (userPoolId) settings = { ...DEFAULT_TOKEN_RULES, kind: "cognito", userPoolId, clientId };
  } else if (modeValid) {
    const issuer = read.text("AUTH_ISSUER");
    const audience = read.list("AUTH_AUDIENCE") ?? [];
    needs(read, mode, [["AUTH_ISSUER", !issuer], ["AUTH_AUDIENCE", audience.length === 0]]);
    read.url("AUTH_ISSUER", deploy);
    read.url("AUTH_JWKS_URI", deploy);
    if (issuer) {
      const jwksUri = read.text("AUTH_JWKS_URI") ?? `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`;
      settings = { ...DEFAULT_TOKEN_RULES, kind: "oidc", issuer, audience, jwksUri };
    }
  }
  const rules = readTokenRules(read);
  return settings ? read.result({ ...settings, ...rules }) : { ok: false, problems: read.problems };
}

/** What the served OpenAPI document names as the token endpoint (AUTH_TOKEN_URL, either mode); unset: its example. */
export function parseDocsSettings(env: Env, deploy?: DeployChecks): Parsed<{ tokenUrl: string | undefined }> {
  const read = new SettingsReader(env);
  read.url("AUTH_TOKEN_URL", deploy);
  return read.result({ tokenUrl: read.text("AUTH_TOKEN_URL") });
}
