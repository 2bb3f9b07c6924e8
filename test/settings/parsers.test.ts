import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_TOKEN_RULES,
  FUNCTION_TIMEOUT_MS,
  parseAclSettings,
  parseAuthSettings,
  parseBucketNameRules,
  parseDocsSettings,
  parseForceDeleteSettings,
  parseFunctionSettings,
  parsePolicySettings,
  parseS3Settings,
  parseTokenRules,
  S3_DEFAULTS,
} from "@rahcp/core";

const OIDC = { AUTH_ISSUER: "https://login.example.org/realms/hcp/", AUTH_AUDIENCE: " rahcp , other ," };
const DEPLOY = { dev: false };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("settings parsers (core/settings): values from a plain record, or every problem", () => {
  it("read the record they are given, never process.env", () => {
    vi.stubEnv("AUTH_ISSUER", OIDC.AUTH_ISSUER);
    vi.stubEnv("AUTH_AUDIENCE", "rahcp");
    vi.stubEnv("BUCKET_NAME_RULES", "nonsense");
    expect(parseAuthSettings({}).ok).toBe(false);
    expect(parseBucketNameRules({})).toEqual({ ok: true, value: "hcp" });
  });

  describe("auth", () => {
    it("OIDC: audience as a trimmed list, the JWKS URI under the issuer by default, default token rules", () => {
      expect(parseAuthSettings(OIDC)).toEqual({
        ok: true,
        value: {
          ...DEFAULT_TOKEN_RULES,
          kind: "oidc",
          issuer: OIDC.AUTH_ISSUER,
          audience: ["rahcp", "other"],
          jwksUri: "https://login.example.org/realms/hcp/.well-known/jwks.json",
        },
      });
      const jwksUri = "https://keys.example.org/jwks";
      expect(parseAuthSettings({ ...OIDC, AUTH_JWKS_URI: jwksUri })).toMatchObject({ ok: true, value: { jwksUri } });
    });

    it("Cognito: pool and client list, with the token rules from AUTH_*", () => {
      const env = { AUTH_MODE: "cognito", COGNITO_USER_POOL_ID: "eu-north-1_abc", COGNITO_CLIENT_ID: "c1,c2", AUTH_GROUPS_CLAIM: "cognito:groups" };
      expect(parseAuthSettings(env)).toEqual({
        ok: true,
        value: { ...DEFAULT_TOKEN_RULES, groupsClaim: "cognito:groups", kind: "cognito", userPoolId: "eu-north-1_abc", clientId: ["c1", "c2"] },
      });
    });

    it.each([
      ["nothing set", {}, ["AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE"]],
      ["no audience", { AUTH_ISSUER: OIDC.AUTH_ISSUER }, ["AUTH_MODE=oidc needs AUTH_AUDIENCE"]],
      ["an unknown mode", { ...OIDC, AUTH_MODE: "saml" }, ['AUTH_MODE must be "oidc" or "cognito", not "saml"']],
      ["Cognito without a pool", { AUTH_MODE: "cognito", COGNITO_CLIENT_ID: "c1" }, ["AUTH_MODE=cognito needs COGNITO_USER_POOL_ID"]],
      ["Cognito without a client", { AUTH_MODE: "cognito", COGNITO_USER_POOL_ID: "p" }, ["AUTH_MODE=cognito needs COGNITO_CLIENT_ID"]],
      // A complete issuer does not let a bad token rule through: the whole setting fails closed.
      ["a bad token rule beside a complete issuer", { ...OIDC, AUTH_VERIFIED_TTL_S: "5m" }, ["AUTH_VERIFIED_TTL_S must be a positive integer"]],
      [
        "several problems",
        { AUTH_MODE: "cognito", AUTH_MAX_TOKEN_LIFETIME_S: "0" },
        ["AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID", "AUTH_MAX_TOKEN_LIFETIME_S must be a positive integer"],
      ],
    ])("refuse %s", (_case, env, problems) => {
      expect(parseAuthSettings(env)).toEqual({ ok: false, problems });
    });

    it("check issuer URLs only for a deploy (https; loopback http under sst dev)", () => {
      const local = { ...OIDC, AUTH_ISSUER: "http://localhost:8000", AUTH_JWKS_URI: "http://127.0.0.1:8000/.well-known/jwks.json" };
      expect(parseAuthSettings(local).ok).toBe(true);
      expect(parseAuthSettings(local, { dev: true }).ok).toBe(true);
      expect(parseAuthSettings(local, DEPLOY)).toEqual({
        ok: false,
        problems: ["AUTH_ISSUER must be an https:// URL", "AUTH_JWKS_URI must be an https:// URL"],
      });
      expect(parseAuthSettings({ ...OIDC, AUTH_ISSUER: "login.example.org" }, DEPLOY)).toEqual({ ok: false, problems: ["AUTH_ISSUER is not a URL"] });
    });

    it("token rules: defaults, overrides, and refusals", () => {
      expect(parseTokenRules({})).toEqual({ ok: true, value: DEFAULT_TOKEN_RULES });
      expect(parseTokenRules({ AUTH_SCOPE_READ: "rahcp/buckets.read", AUTH_TENANT_CLAIM: "hcp_tenant", AUTH_VERIFIED_TTL_S: "60" })).toEqual({
        ok: true,
        value: { ...DEFAULT_TOKEN_RULES, scopes: { ...DEFAULT_TOKEN_RULES.scopes, read: "rahcp/buckets.read" }, tenantClaim: "hcp_tenant", verifiedTtlSeconds: 60 },
      });
      expect(parseTokenRules({ AUTH_VERIFIED_TTL_S: "0", AUTH_MAX_TOKEN_LIFETIME_S: "-1" })).toEqual({
        ok: false,
        problems: ["AUTH_VERIFIED_TTL_S must be a positive integer", "AUTH_MAX_TOKEN_LIFETIME_S must be a positive integer"],
      });
    });

    it("the token URL the docs name: unset, as set, and https for a deploy", () => {
      expect(parseDocsSettings({})).toEqual({ ok: true, value: { tokenUrl: undefined } });
      expect(parseDocsSettings({ AUTH_TOKEN_URL: "https://login.example.org/token" })).toEqual({ ok: true, value: { tokenUrl: "https://login.example.org/token" } });
      expect(parseDocsSettings({ AUTH_TOKEN_URL: "http://login.example.org/token" }, DEPLOY)).toEqual({ ok: false, problems: ["AUTH_TOKEN_URL must be an https:// URL"] });
    });
  });

  describe("S3 tuning and budgets", () => {
    it("defaults sized for API Gateway, and values as set (empty counts as unset)", () => {
      expect(parseS3Settings({})).toEqual({ ok: true, value: S3_DEFAULTS });
      expect(S3_DEFAULTS.budgetMs).toBe(20_000);
      expect(parseS3Settings({ HCP_REGION: "eu-north-1", S3_MAX_ATTEMPTS: "1", S3_BUDGET_MS: "15000", S3_CONNECT_TIMEOUT_MS: "" })).toEqual({
        ok: true,
        value: { ...S3_DEFAULTS, region: "eu-north-1", maxAttempts: 1, budgetMs: 15_000 },
      });
    });

    it.each([
      [{ S3_BUDGET_MS: "soon" }, "S3_BUDGET_MS must be a positive integer"],
      [{ S3_BUDGET_MS: "0" }, "S3_BUDGET_MS must be a positive integer"],
      [{ S3_MAX_ATTEMPTS: "1e3" }, "S3_MAX_ATTEMPTS must be a non-negative integer"],
      [{ S3_REQUEST_TIMEOUT_MS: " 100" }, "S3_REQUEST_TIMEOUT_MS must be a non-negative integer"],
    ])("refuse %o", (env, problem) => {
      expect(parseS3Settings(env)).toEqual({ ok: false, problems: [problem] });
    });

    it("for a deploy, a budget must leave the answer margin under the function timeout", () => {
      const tooLong = { S3_BUDGET_MS: String(FUNCTION_TIMEOUT_MS - 1_000) };
      expect(parseS3Settings(tooLong).ok).toBe(true);
      expect(parseS3Settings(tooLong, DEPLOY)).toEqual({ ok: false, problems: ["S3_BUDGET_MS must leave 2000 ms under the 25000 ms function timeout"] });
      expect(parseS3Settings({ S3_BUDGET_MS: "23000" }, DEPLOY).ok).toBe(true);
    });

    it("a force delete's budget defaults to the S3 budget, and is checked like it", () => {
      expect(parseForceDeleteSettings({})).toEqual({ ok: true, value: { budgetMs: S3_DEFAULTS.budgetMs } });
      expect(parseForceDeleteSettings({ S3_BUDGET_MS: "12000" })).toEqual({ ok: true, value: { budgetMs: 12_000 } });
      expect(parseForceDeleteSettings({ S3_BUDGET_MS: "12000", FORCE_DELETE_BUDGET_MS: "5000" })).toEqual({ ok: true, value: { budgetMs: 5_000 } });
      expect(parseForceDeleteSettings({ FORCE_DELETE_BUDGET_MS: "1s" })).toEqual({ ok: false, problems: ["FORCE_DELETE_BUDGET_MS must be a positive integer"] });
      expect(parseForceDeleteSettings({ FORCE_DELETE_BUDGET_MS: "0" }).ok).toBe(false);
      expect(parseForceDeleteSettings({ FORCE_DELETE_BUDGET_MS: "24000" }, DEPLOY)).toEqual({
        ok: false,
        problems: ["FORCE_DELETE_BUDGET_MS must leave 2000 ms under the 25000 ms function timeout"],
      });
    });
  });

  describe("buckets and policy", () => {
    it("bucket name rules: HCP's by default, S3's on request, nothing else", () => {
      expect(parseBucketNameRules({})).toEqual({ ok: true, value: "hcp" });
      expect(parseBucketNameRules({ BUCKET_NAME_RULES: "s3" })).toEqual({ ok: true, value: "s3" });
      expect(parseBucketNameRules({ BUCKET_NAME_RULES: "aws" })).toEqual({ ok: false, problems: ['BUCKET_NAME_RULES must be "hcp" or "s3", not "aws"'] });
    });

    it("public ACL grants: off by default, only true or false", () => {
      expect(parseAclSettings({})).toEqual({ ok: true, value: { allowPublicAcl: false } });
      expect(parseAclSettings({ ALLOW_PUBLIC_ACL: "true" })).toEqual({ ok: true, value: { allowPublicAcl: true } });
      // Anything else fails closed rather than meaning "allowed".
      expect(parseAclSettings({ ALLOW_PUBLIC_ACL: "yes" })).toEqual({ ok: false, problems: ['ALLOW_PUBLIC_ACL must be "true" or "false", not "yes"'] });
      expect(parseAclSettings({ ALLOW_PUBLIC_ACL: "TRUE" }).ok).toBe(false);
    });

    it("the policy file as set; unset or empty: none", () => {
      expect(parsePolicySettings({ RAHCP_POLICY: "/var/task/rahcp-policy.json" })).toEqual({ ok: true, value: { file: "/var/task/rahcp-policy.json" } });
      expect(parsePolicySettings({ RAHCP_POLICY: "" })).toEqual({ ok: true, value: { file: undefined } });
    });
  });

  describe("every function setting at once (what a deploy checks)", () => {
    it("combines the parts", () => {
      const parsed = parseFunctionSettings({ ...OIDC, ALLOW_PUBLIC_ACL: "true", BUCKET_NAME_RULES: "s3" }, DEPLOY);
      expect(parsed).toMatchObject({
        ok: true,
        value: { auth: { kind: "oidc" }, acl: { allowPublicAcl: true }, bucketNameRules: "s3", s3: S3_DEFAULTS, forceDelete: { budgetMs: 20_000 }, policy: { file: undefined } },
      });
    });

    it("reports every problem, each once (S3_BUDGET_MS is read by two parts)", () => {
      expect(parseFunctionSettings({ ...OIDC, S3_BUDGET_MS: "x", ALLOW_PUBLIC_ACL: "1", BUCKET_NAME_RULES: "aws", AUTH_TOKEN_URL: "ftp://x" }, DEPLOY)).toEqual({
        ok: false,
        problems: [
          "AUTH_TOKEN_URL must be an https:// URL",
          'ALLOW_PUBLIC_ACL must be "true" or "false", not "1"',
          'BUCKET_NAME_RULES must be "hcp" or "s3", not "aws"',
          "S3_BUDGET_MS must be a positive integer",
        ],
      });
    });
  });
});
