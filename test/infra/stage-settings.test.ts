import { describe, expect, it } from "vitest";
import { parseFunctionSettings } from "@rahcp/core/settings/function-settings";
import { POLICY_VARIABLE } from "@rahcp/core/settings/policy";
import {
  FUNCTION_VARIABLES,
  isProduction,
  stageKind,
  stageProtection,
  stageSettings,
  StageSettingsError,
  tenantSecretProblems,
} from "../../infra/stage-settings";

/** The names a parser looks up in `base` (a Proxy records each read). */
function namesRead(parse: (env: Record<string, string | undefined>) => unknown, base: Record<string, string>): Set<string> {
  const read = new Set<string>();
  parse(new Proxy(base, { get: (target, name) => (typeof name === "string" && read.add(name), Reflect.get(target, name)) }));
  return read;
}

const OIDC = { AUTH_ISSUER: "https://login.example.org/realms/hcp", AUTH_AUDIENCE: "rahcp" };

describe("stage settings from the deploy environment", () => {
  it("pass auth, scope and S3 settings to the functions, and nothing else (CORS stays at API Gateway)", () => {
    const { environment } = stageSettings("staging", {
      ...OIDC,
      AUTH_SCOPE_ADMIN: "rahcp/buckets.admin",
      CORS_ALLOWED_ORIGINS: "https://console.example.org",
      S3_BUDGET_MS: "15000",
      // Never copied: secrets are sst.Secret values, and unrelated variables stay out.
      HCP_ENDPOINT: "https://tenant.hcp.example.org",
      HCP_SECRET_ACCESS_KEY: "never-in-environment",
      AWS_SECRET_ACCESS_KEY: "never-in-environment",
      HOME: "/root",
    });
    expect(environment).toEqual({
      POWERTOOLS_SERVICE_NAME: "rahcp",
      ...OIDC,
      AUTH_SCOPE_ADMIN: "rahcp/buckets.admin",
      S3_BUDGET_MS: "15000",
    });
  });

  it("copy exactly the variables the functions' own parsers read (the policy file aside: the deploy packages it)", () => {
    const read = new Set(
      ([{}, { AUTH_MODE: "cognito" }] as Record<string, string>[]).flatMap((base) => [...namesRead((env) => parseFunctionSettings(env, { dev: false }), base)]),
    );
    expect(read.has(POLICY_VARIABLE)).toBe(true);
    read.delete(POLICY_VARIABLE);
    // POWERTOOLS_LOG_LEVEL is Powertools' own, read by its logger.
    expect([...read].sort()).toEqual(FUNCTION_VARIABLES.filter((name) => name !== "POWERTOOLS_LOG_LEVEL").sort());
  });

  it("read CORS origins as a list; none means CORS off", () => {
    expect(stageSettings("pr-7", { ...OIDC, CORS_ALLOWED_ORIGINS: " https://a.example , https://b.example ," }).corsOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
    expect(stageSettings("pr-7", OIDC).corsOrigins).toEqual([]);
  });

  it("keep production logs for a year, other stages' for a week", () => {
    expect(isProduction("production")).toBe(true);
    expect(isProduction("staging")).toBe(false);
    expect(stageSettings("production", OIDC).logRetention).toBe("1 year");
    expect(stageSettings("pr-12", OIDC).logRetention).toBe("1 week");
  });

  it("accept a Cognito user pool", () => {
    const env = { AUTH_MODE: "cognito", COGNITO_USER_POOL_ID: "eu-central-1_abc", COGNITO_CLIENT_ID: "c1,c2" };
    expect(stageSettings("staging", env).environment).toMatchObject(env);
  });

  it.each([
    ["no issuer", {}, /AUTH_ISSUER/],
    ["no audience", { AUTH_ISSUER: OIDC.AUTH_ISSUER }, /AUTH_AUDIENCE/],
    ["an http issuer", { ...OIDC, AUTH_ISSUER: "http://login.example.org" }, /AUTH_ISSUER must be an https/],
    ["an http JWKS URI", { ...OIDC, AUTH_JWKS_URI: "http://login.example.org/jwks" }, /AUTH_JWKS_URI must be an https/],
    ["a loopback issuer outside sst dev", { ...OIDC, AUTH_ISSUER: "http://127.0.0.1:8080" }, /AUTH_ISSUER must be an https/],
    ["an issuer that is no URL", { ...OIDC, AUTH_ISSUER: "login.example.org" }, /AUTH_ISSUER is not a URL/],
    ["an unknown mode", { ...OIDC, AUTH_MODE: "saml" }, /AUTH_MODE must be/],
    ["Cognito without a pool", { AUTH_MODE: "cognito", COGNITO_CLIENT_ID: "c1" }, /COGNITO_USER_POOL_ID/],
    ["Cognito without a client", { AUTH_MODE: "cognito", COGNITO_USER_POOL_ID: "p" }, /COGNITO_CLIENT_ID/],
    ["an S3 budget the function timeout cannot cover", { ...OIDC, S3_BUDGET_MS: "24000" }, /S3_BUDGET_MS must leave/],
    ["an S3 budget that is no number", { ...OIDC, S3_BUDGET_MS: "soon" }, /S3_BUDGET_MS must be a positive integer/],
    ["a force-delete budget the function timeout cannot cover", { ...OIDC, FORCE_DELETE_BUDGET_MS: "24000" }, /FORCE_DELETE_BUDGET_MS must leave 2000 ms/],
    ["a force-delete budget that is no number", { ...OIDC, FORCE_DELETE_BUDGET_MS: "1s" }, /FORCE_DELETE_BUDGET_MS must be a positive integer/],
    ["ALLOW_PUBLIC_ACL other than true/false", { ...OIDC, ALLOW_PUBLIC_ACL: "yes" }, /ALLOW_PUBLIC_ACL must be "true" or "false"/],
    ["a token URL that is not https", { ...OIDC, AUTH_TOKEN_URL: "http://login.example.org/token" }, /AUTH_TOKEN_URL must be an https/],
    ["unknown bucket name rules", { ...OIDC, BUCKET_NAME_RULES: "aws" }, /BUCKET_NAME_RULES must be "hcp" or "s3", not "aws"/],
    ["a verified-token TTL that is no number", { ...OIDC, AUTH_VERIFIED_TTL_S: "5m" }, /AUTH_VERIFIED_TTL_S must be a positive integer/],
    ["a zero token lifetime", { ...OIDC, AUTH_MAX_TOKEN_LIFETIME_S: "0" }, /AUTH_MAX_TOKEN_LIFETIME_S must be a positive integer/],
    ["a policy file that is missing", { ...OIDC, RAHCP_POLICY_FILE: "policies/nope.yaml" }, /RAHCP_POLICY_FILE policies\/nope.yaml: no such file/],
  ])("fail the deploy on %s", (_case, env, message) => {
    expect(() => stageSettings("staging", env)).toThrow(StageSettingsError);
    expect(() => stageSettings("staging", env)).toThrow(message);
  });

  it.each(["hcp", "s3"])("pass BUCKET_NAME_RULES=%s to the functions (unset: the functions default to HCP's rules)", (rules) => {
    expect(stageSettings("staging", { ...OIDC, BUCKET_NAME_RULES: rules }).environment["BUCKET_NAME_RULES"]).toBe(rules);
    expect(stageSettings("staging", OIDC).environment).not.toHaveProperty("BUCKET_NAME_RULES");
  });

  it("pass the access settings to the functions and read the stage's policy with the API's parser", () => {
    const access = { AUTH_TENANT_CLAIM: "hcp_tenant", AUTH_GROUPS_CLAIM: "cognito:groups", AUTH_VERIFIED_TTL_S: "60", AUTH_MAX_TOKEN_LIFETIME_S: "3600", ALLOW_PUBLIC_ACL: "false" };
    const settings = stageSettings("production", { ...OIDC, ...access, RAHCP_POLICY_FILE: "policies/example-cognito.yaml" });
    expect(settings.environment).toMatchObject(access);
    expect(settings.environment).not.toHaveProperty("RAHCP_POLICY_FILE"); // a packaging setting, not the functions'
    expect(settings.policy).toMatchObject({ file: "policies/example-cognito.yaml", rules: expect.any(Number) });
    expect(JSON.parse(settings.policy!.json)).toHaveProperty("rules");
    expect(stageSettings("production", OIDC).policy).toBeUndefined();
  });

  it("refuse a policy that does not validate, naming the rule", () => {
    expect(() => stageSettings("staging", { ...OIDC, RAHCP_POLICY_FILE: "packages/functions/src/generated/openapi.json" })).toThrow(
      /RAHCP_POLICY_FILE packages\/functions\/src\/generated\/openapi.json: .*unknown top-level field 'openapi'/,
    );
  });

  it("allow a loopback issuer under sst dev, where the functions run on this machine", () => {
    const env = { AUTH_ISSUER: "http://127.0.0.1:8080", AUTH_AUDIENCE: "rahcp" };
    expect(stageSettings("dev", env, { dev: true }).environment).toMatchObject(env);
  });
});

describe("the stage's HCP tenant secrets (SST_SECRET_* at deploy time)", () => {
  const trio = { SST_SECRET_HcpEndpoint: "https://t.hcp.example", SST_SECRET_HcpAccessKeyId: "k", SST_SECRET_HcpSecretAccessKey: "s" };
  const tenants = { SST_SECRET_HcpTenants: JSON.stringify({ archive: { endpoint: "https://archive.hcp.example", accessKeyId: "k", secretAccessKey: "s" } }) };

  it("accept either form", () => {
    expect(tenantSecretProblems(trio)).toEqual([]);
    expect(tenantSecretProblems(tenants)).toEqual([]);
  });

  it.each([
    ["none", {}, /no HCP tenant/],
    ["both", { ...trio, ...tenants }, /set either HcpTenants/],
    ["an incomplete trio", { SST_SECRET_HcpEndpoint: "https://t.hcp.example" }, /missing: HcpAccessKeyId/],
    ["invalid JSON", { SST_SECRET_HcpTenants: "{" }, /not valid JSON/],
  ])("refuse %s", (_name, env, message) => {
    expect(tenantSecretProblems(env).join("; ")).toMatch(message);
  });
});

describe("stage protection (throttle, reserved concurrency, alarm e-mail)", () => {
  it("knows CI's stages by name; any other stage is a developer's own", () => {
    expect(["production", "staging", "pr-1", "pr-1234", "pr-0", "pr-", "pr-12a", "Production", "alice"].map(stageKind)).toEqual([
      "production", "staging", "preview", "preview", "personal", "personal", "personal", "personal", "personal",
    ]);
  });

  it("gives production more room than staging, and staging more than previews", () => {
    const [production, staging, preview] = ["production", "staging", "pr-3"].map((stage) => stageProtection(stage, {}));
    expect(production).toEqual({ kind: "production", throttle: { rateLimit: 50, burstLimit: 100 }, reservedConcurrency: 10, alarmEmails: [] });
    expect(staging).toEqual({ kind: "staging", throttle: { rateLimit: 20, burstLimit: 40 }, reservedConcurrency: 5, alarmEmails: [] });
    expect(preview).toEqual({ kind: "preview", throttle: { rateLimit: 10, burstLimit: 20 }, reservedConcurrency: undefined, alarmEmails: [] });
  });

  it("reads overrides and a comma list of alarm addresses", () => {
    const env = { API_THROTTLE_RATE: "0.5", API_THROTTLE_BURST: " 3 ", FUNCTION_RESERVED_CONCURRENCY: "1", ALARM_EMAIL: "a@example.org, b@example.org" };
    expect(stageProtection("pr-9", env)).toEqual({
      kind: "preview",
      throttle: { rateLimit: 0.5, burstLimit: 3 },
      reservedConcurrency: 1,
      alarmEmails: ["a@example.org", "b@example.org"],
    });
    expect(stageProtection("production", { FUNCTION_RESERVED_CONCURRENCY: "none", API_THROTTLE_RATE: "" }).reservedConcurrency).toBeUndefined();
  });

  it.each([
    [{ API_THROTTLE_RATE: "0" }, /API_THROTTLE_RATE must be a number of requests per second above 0 and at most 10000, not "0"/],
    [{ API_THROTTLE_RATE: "fast" }, /API_THROTTLE_RATE must be .*not "fast"/],
    [{ API_THROTTLE_RATE: "20000" }, /API_THROTTLE_RATE must be .*at most 10000/],
    [{ API_THROTTLE_BURST: "1.5" }, /API_THROTTLE_BURST must be a whole number of requests from 1 to 5000/],
    [{ API_THROTTLE_BURST: "-1" }, /API_THROTTLE_BURST must be/],
    [{ FUNCTION_RESERVED_CONCURRENCY: "0" }, /FUNCTION_RESERVED_CONCURRENCY must be a whole number of at least 1 or "none".*0 would stop every function/],
    [{ FUNCTION_RESERVED_CONCURRENCY: "unlimited" }, /FUNCTION_RESERVED_CONCURRENCY must be/],
    [{ ALARM_EMAIL: "ops@example.org;dev@example.org" }, /ALARM_EMAIL: "ops@example.org;dev@example.org" is not an e-mail address/],
  ])("fail the deploy on %o", (env, message) => {
    expect(() => stageProtection("staging", env)).toThrow(StageSettingsError);
    expect(() => stageProtection("staging", env)).toThrow(message);
  });

  it("report every problem at once", () => {
    expect(() => stageProtection("production", { API_THROTTLE_RATE: "x", ALARM_EMAIL: "y" })).toThrow(/API_THROTTLE_RATE.*; ALARM_EMAIL/);
  });
});
