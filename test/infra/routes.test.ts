import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { httpRoutes, publicRoutes, routeList, type HttpRoute } from "@rahcp/core/routes";
import { describe, expect, it } from "vitest";
import { apiCors, apiRouteDefinition, apiRouteDefinitions } from "../../infra/api-routes";
import { FUNCTIONS_DIR, HANDLER_INSTALL } from "../../infra/function-defaults";

const ROOT = join(import.meta.dirname, "../..");
const definitions = apiRouteDefinitions(httpRoutes);
const declaredKeys = httpRoutes.map((route) => `${route.method} ${route.path}`);

describe("the API Gateway routes infra derives from the declaration", () => {
  it("are exactly the declared routes, once each, in declaration order", () => {
    expect(definitions.map((d) => d.key)).toEqual(declaredKeys);
    expect(new Set(definitions.map((d) => d.key)).size).toBe(httpRoutes.length);
    expect(new Set(definitions.map((d) => d.name)).size).toBe(httpRoutes.length);
    // Every bucket operation and every public route is served.
    expect(httpRoutes).toEqual([...routeList, ...publicRoutes]);
  });

  it("point each route at its own existing handler file", () => {
    for (const [i, definition] of definitions.entries()) {
      const route = httpRoutes[i]!;
      expect(definition.file).toBe(`${FUNCTIONS_DIR}/${route.handler}.ts`);
      expect(definition.handler).toBe(`${FUNCTIONS_DIR}/${route.handler}.handler`);
      expect(existsSync(join(ROOT, definition.file)), definition.file).toBe(true);
    }
    // One function per handler file: a later route with the same handler (HEAD of a documentation route) shares it.
    const owners = definitions.filter((d) => d.functionOf === undefined);
    expect(new Set(owners.map((d) => d.file)).size).toBe(owners.length);
    for (const shared of definitions.filter((d) => d.functionOf !== undefined)) {
      const owner = definitions.find((d) => d.name === shared.functionOf)!;
      expect([shared.method, owner.method, shared.file, shared.path]).toEqual(["HEAD", "GET", owner.file, owner.path]);
    }
  });

  it("carry the declared permission; only public routes go without HCP secrets", () => {
    for (const route of routeList) {
      const definition = definitions.find((d) => d.name === route.id)!;
      expect(definition.access).toBe(route.permission);
      expect(definition.linksHcp).toBe(true);
    }
    for (const route of publicRoutes) {
      const definition = definitions.find((d) => d.name === route.id)!;
      expect(definition.access).toBe("public");
      expect(definition.linksHcp).toBe(false);
    }
  });

  it("describe each function by its route within Lambda's 256 characters", () => {
    expect(definitions.find((d) => d.key === "GET /api/v1/buckets")?.description).toBe("GET /api/v1/buckets: List all buckets");
    const long = { ...publicRoutes[0]!, summary: "x".repeat(400) };
    expect(apiRouteDefinition(long).description).toHaveLength(256);
  });

  it("reject a route declared twice and handler names that are not plain file names", () => {
    const first = httpRoutes[0]!;
    expect(() => apiRouteDefinitions([first, { ...first, id: "again" } as HttpRoute])).toThrow(/declared twice/);
    expect(() => apiRouteDefinitions([first, { ...first, method: "PUT" } as HttpRoute])).toThrow(/id .* declared twice/);
    for (const handler of ["../secrets", "list-buckets.ts", "sub/list", ""]) {
      expect(() => apiRouteDefinition({ ...first, handler } as HttpRoute), handler).toThrow(/plain file name/);
    }
  });

  it("install runtime packages only for declared handlers, with versions the functions package pins", () => {
    const functionsPackage = JSON.parse(readFileSync(join(ROOT, "packages/functions/package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const handlers = new Set(httpRoutes.map((route) => route.handler));
    for (const [handler, packages] of Object.entries(HANDLER_INSTALL)) {
      expect(handlers.has(handler), handler).toBe(true);
      for (const name of packages) expect(functionsPackage.dependencies?.[name], name).toBeDefined();
    }
  });
});

describe("API Gateway CORS", () => {
  it("is off unless the stage names browser origins (SST's default would allow any origin)", () => {
    expect(apiCors([], definitions)).toBe(false);
  });

  it("allows the stage's origins, the declared methods and the headers the API needs", () => {
    const cors = apiCors(["https://console.example.org"], definitions);
    expect(cors).toEqual({
      allowOrigins: ["https://console.example.org"],
      allowMethods: ["DELETE", "GET", "HEAD", "POST", "PUT"],
      allowHeaders: ["authorization", "content-type"],
      exposeHeaders: ["x-request-id", "retry-after", "www-authenticate"],
      maxAge: "1 hour",
    });
  });
});
