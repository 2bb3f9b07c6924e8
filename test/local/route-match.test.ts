import { describe, expect, it } from "vitest";
import { httpRoutes, routeList, type HttpRoute } from "@rahcp/core";
import { createRouteMatcher } from "@rahcp/local";

const route = (method: "GET" | "PUT", path: string, handler = path): HttpRoute =>
  ({ id: handler, method, path, handler, summary: "", public: true }) as HttpRoute;

describe("route matching", () => {
  const match = createRouteMatcher(httpRoutes);

  it("finds every declared route by method and path template", () => {
    for (const r of routeList) {
      const path = r.path.replace("{bucket}", "some-bucket");
      const found = match(r.method, path);
      expect(found.kind, `${r.method} ${path}`).toBe("found");
      if (found.kind === "found") {
        expect(found.route).toBe(r);
        expect(found.pathParameters).toEqual(r.path.includes("{bucket}") ? { bucket: "some-bucket" } : {});
      }
    }
  });

  it("does not let a parameter span segments or be empty", () => {
    expect(match("HEAD", "/api/v1/buckets/a/b").kind).toBe("not-found");
    expect(match("HEAD", "/api/v1/buckets/").kind).toBe("not-found");
    expect(match("GET", "/api/v1/buckets//versioning").kind).toBe("not-found");
    const encoded = match("HEAD", "/api/v1/buckets/a%2Fb");
    expect(encoded).toMatchObject({ kind: "found", pathParameters: { bucket: "a/b" } });
  });

  it("is case-sensitive on paths like API Gateway", () => {
    expect(match("GET", "/API/v1/buckets").kind).toBe("not-found");
  });

  it("reports the allowed methods for a known path", () => {
    expect(match("POST", "/api/v1/buckets/x/acl")).toEqual({ kind: "method-not-allowed", allow: ["GET", "PUT"] });
  });

  it("prefers literal segments over parameters and supports greedy {name+} parameters", () => {
    const m = createRouteMatcher([route("GET", "/docs/{proxy+}", "greedy"), route("GET", "/docs/index.html", "literal"), route("GET", "/a/{x}", "param")]);
    expect(m("GET", "/docs/index.html")).toMatchObject({ kind: "found", route: { handler: "literal" } });
    expect(m("GET", "/docs/assets/app%20x.js")).toMatchObject({ kind: "found", route: { handler: "greedy" }, pathParameters: { proxy: "assets/app x.js" } });
    expect(m("GET", "/docs/").kind).toBe("not-found");
    expect(m("GET", "/a/1")).toMatchObject({ kind: "found", pathParameters: { x: "1" } });
  });
});
