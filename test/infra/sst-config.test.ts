import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { httpRoutes } from "@rahcp/core/routes";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiRouteDefinitions } from "../../infra/api-routes";
import { FUNCTION_DEFAULTS, functionNodejs } from "../../infra/function-defaults";
import { installSstStub, SINGLE_TENANT_SECRETS, type SstRecording } from "./sst-stub";

/**
 * Runs the real sst.config.ts and infra/ against recording stand-ins for SST's globals: the
 * `api.route(...)` calls infra makes are compared with the route declaration itself.
 */
interface AppConfig {
  app(input: { stage: string }): Record<string, unknown>;
  run(): Promise<Record<string, unknown>>;
}

const ROOT = join(import.meta.dirname, "../..");
// A computed specifier: the root tsconfig must not follow it into files written against SST's globals.
const CONFIG = pathToFileURL(join(ROOT, "sst.config.ts")).href;

function stubTenantSecrets(): void {
  for (const [name, value] of Object.entries(SINGLE_TENANT_SECRETS)) vi.stubEnv(name, value);
}

let recording: SstRecording;
let config: AppConfig;
let outputs: Record<string, unknown>;

beforeAll(async () => {
  vi.stubEnv("AUTH_ISSUER", "https://login.example.org/realms/hcp");
  vi.stubEnv("AUTH_AUDIENCE", "rahcp");
  vi.stubEnv("CORS_ALLOWED_ORIGINS", "");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "WARN");
  stubTenantSecrets();
  recording = installSstStub("pr-42");
  config = ((await import(CONFIG)) as { default: AppConfig }).default;
  outputs = await config.run();
});

describe("sst.config.ts", () => {
  it("names the app rahcp on AWS and keeps production's resources", () => {
    expect(config.app({ stage: "production" })).toEqual({ name: "rahcp", home: "aws", removal: "retain", protect: true });
    expect(config.app({ stage: "staging" })).toEqual({ name: "rahcp", home: "aws", removal: "remove", protect: false });
    expect(config.app({ stage: "pr-42" })).toMatchObject({ removal: "remove", protect: false });
  });

  it("outputs the API's URL", () => {
    expect(recording.apis).toHaveLength(1);
    expect(outputs).toEqual({ api: "https://stub.execute-api.invalid/Api" });
  });

  it("creates the HCP secrets under the names the functions read", () => {
    expect(recording.secrets.map((secret) => secret.name)).toEqual(["HcpTenants", "HcpEndpoint", "HcpAccessKeyId", "HcpSecretAccessKey"]);
    // Placeholders: a stage sets either form; the deploy checks the one it set (below).
    expect(recording.secrets.map((secret) => secret.placeholder)).toEqual(["", "", "", ""]);
  });

  it("logs API access and leaves CORS off when the stage names no origins", () => {
    expect(recording.apis[0]!.args).toMatchObject({ accessLog: { retention: "1 week" }, cors: false });
  });
});

/** The declared routes that get a function of their own (one per handler file), in declaration order. */
const definitions = apiRouteDefinitions(httpRoutes);
const functionRoutes = httpRoutes.filter((_, i) => definitions[i]!.functionOf === undefined);

describe("the routes infra wires", () => {
  const routes = () => recording.apis[0]!.routes;
  const shared = () => recording.apis[0]!.sharedRoutes;

  it("are the declared routes, each once, in declaration order", () => {
    expect([...routes(), ...shared()].map((route) => route.rawRoute).sort()).toEqual(httpRoutes.map((route) => `${route.method} ${route.path}`).sort());
    expect(routes().map((route) => route.rawRoute)).toEqual(functionRoutes.map((route) => `${route.method} ${route.path}`));
  });

  it("each run the declared handler in their own function, named after the route", () => {
    const handlers = routes().map((route) => route.handler["handler"]);
    expect(handlers).toEqual(functionRoutes.map((route) => `packages/functions/src/${route.handler}.handler`));
    expect(new Set(handlers).size).toBe(functionRoutes.length);
    expect(routes().map((route) => route.args)).toEqual(functionRoutes.map((route) => ({ name: route.id })));
  });

  it("send the documentation's HEAD requests to the GET route's function", () => {
    const heads = httpRoutes.filter((route) => "public" in route && route.method === "HEAD");
    expect(heads.map((route) => route.path)).toEqual(["/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/{asset}"]);
    expect(shared().map((route) => [route.rawRoute, route.args])).toEqual(heads.map((route) => [`HEAD ${route.path}`, { name: route.id }]));
    for (const route of shared()) {
      const get = functionRoutes.find((r) => r.method === "GET" && `HEAD ${r.path}` === route.rawRoute)!;
      expect(route.functionArn).toBe(`arn:aws:lambda:eu-north-1:000000000000:function:rahcp-pr-42-${get.id}-function`);
    }
  });

  it("size, bundle and configure every function the same way", () => {
    for (const [i, route] of routes().entries()) {
      const declared = functionRoutes[i]!;
      expect(route.handler).toMatchObject({ ...FUNCTION_DEFAULTS, nodejs: functionNodejs(declared.handler) });
      expect(route.handler["environment"]).toEqual({
        POWERTOOLS_SERVICE_NAME: "rahcp",
        AUTH_ISSUER: "https://login.example.org/realms/hcp",
        AUTH_AUDIENCE: "rahcp",
        POWERTOOLS_LOG_LEVEL: "WARN",
      });
      expect(route.handler["logging"]).toEqual({ retention: "1 week", format: "json" });
    }
  });

  it("link the HCP secrets to the functions that call HCP and to no other", () => {
    const owners = definitions.filter((d) => d.functionOf === undefined);
    for (const [i, route] of routes().entries()) {
      const linked = (route.handler["link"] as { name: string }[]).map((secret) => secret.name);
      expect(linked, route.rawRoute).toEqual(owners[i]!.linksHcp ? ["HcpTenants", "HcpEndpoint", "HcpAccessKeyId", "HcpSecretAccessKey"] : []);
    }
    expect(routes().filter((route) => (route.handler["link"] as unknown[]).length === 0)).toHaveLength(
      functionRoutes.filter((route) => "public" in route).length,
    );
  });
});

describe("secret names", () => {
  it("are the ones packages/core/src/config.ts resolves through SST's Resource", async () => {
    for (const name of ["HCP_TENANTS", "HCP_ENDPOINT", "HCP_ACCESS_KEY_ID", "HCP_SECRET_ACCESS_KEY"]) vi.stubEnv(name, "");
    // How SST hands a linked secret to a function: SST_RESOURCE_<name> = {"value": ...}.
    for (const secret of recording.secrets) vi.stubEnv(`SST_RESOURCE_${secret.name}`, JSON.stringify({ type: "sst.sst.Secret", value: `from-${secret.name}` }));
    const { tenantSources } = await import("@rahcp/core/config");
    expect(tenantSources()).toEqual({
      tenantsJson: "from-HcpTenants",
      endpoint: "from-HcpEndpoint",
      accessKeyId: "from-HcpAccessKeyId",
      secretAccessKey: "from-HcpSecretAccessKey",
    });
  });
});

describe("a stage's access policy", () => {
  it("is validated, written as JSON and copied into every function that calls HCP, which reads it from there", async () => {
    vi.stubEnv("RAHCP_POLICY_FILE", "policies/example-keycloak.yaml");
    vi.resetModules();
    const stub = installSstStub("staging");
    await ((await import(`${CONFIG}?with-policy`)) as { default: AppConfig }).default.run();
    const owners = definitions.filter((d) => d.functionOf === undefined);
    for (const [i, route] of stub.apis[0]!.routes.entries()) {
      if (owners[i]!.linksHcp) {
        expect(route.handler["copyFiles"], route.rawRoute).toEqual([{ from: ".sst/rahcp/policy.staging.json", to: "rahcp-policy.json" }]);
        expect((route.handler["environment"] as Record<string, string>)["RAHCP_POLICY"]).toBe("rahcp-policy.json");
      } else {
        expect(route.handler["copyFiles"], route.rawRoute).toBeUndefined();
      }
    }
    const { readPolicyFile } = await import("@rahcp/core/access/policy-source");
    expect(readPolicyFile(join(ROOT, ".sst/rahcp/policy.staging.json")).rules.length).toBeGreaterThan(0);
    vi.stubEnv("RAHCP_POLICY_FILE", "");
  });
});

describe("a stage whose HCP secrets reach no tenant", () => {
  it.each([
    ["none set", {}, /no HCP tenant/],
    ["both forms set", { SST_SECRET_HcpTenants: '{"archive":{"endpoint":"https://a.hcp","accessKeyId":"k","secretAccessKey":"s"}}' }, /set either HcpTenants/],
  ])("fails the deploy: %s", async (_name, secrets, message) => {
    vi.stubEnv("SST_SECRET_HcpEndpoint", "");
    vi.stubEnv("SST_SECRET_HcpAccessKeyId", "");
    vi.stubEnv("SST_SECRET_HcpSecretAccessKey", "");
    if ("SST_SECRET_HcpTenants" in secrets) stubTenantSecrets();
    for (const [name, value] of Object.entries(secrets)) vi.stubEnv(name, value);
    vi.resetModules();
    const stub = installSstStub("pr-44");
    const fresh = ((await import(`${CONFIG}?no-tenant-${_name.length}`)) as { default: AppConfig }).default;
    await expect(fresh.run()).rejects.toThrow(message);
    expect(stub.apis).toEqual([]);
    vi.stubEnv("SST_SECRET_HcpTenants", "");
    stubTenantSecrets();
  });
});

describe("a stage without auth settings", () => {
  it("fails before anything is created", async () => {
    vi.stubEnv("AUTH_ISSUER", "");
    vi.resetModules();
    const stub = installSstStub("pr-43");
    const fresh = ((await import(`${CONFIG}?missing-auth`)) as { default: AppConfig }).default;
    await expect(fresh.run()).rejects.toThrow(/Stage "pr-43" is not configured: AUTH_MODE=oidc needs AUTH_ISSUER/);
    expect(stub.apis).toEqual([]);
  });
});
