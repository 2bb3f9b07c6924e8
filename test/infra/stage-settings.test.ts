import { describe, expect, it } from "vitest";
import { isProduction, stageSettings, StageSettingsError } from "../../infra/stage-settings";

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
  ])("fail the deploy on %s", (_case, env, message) => {
    expect(() => stageSettings("staging", env)).toThrow(StageSettingsError);
    expect(() => stageSettings("staging", env)).toThrow(message);
  });

  it("allow a loopback issuer under sst dev, where the functions run on this machine", () => {
    const env = { AUTH_ISSUER: "http://127.0.0.1:8080", AUTH_AUDIENCE: "rahcp" };
    expect(stageSettings("dev", env, { dev: true }).environment).toMatchObject(env);
  });
});
