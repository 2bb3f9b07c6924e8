import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, routes, type RouteId, type RouteSpec } from "@rahcp/core";
import { ApiClient, BUCKETS, expectError, expectSuccess, type Reply } from "../api-client";
import type { ContractContext } from "../context";

const routeIds = Object.keys(routes) as RouteId[];
const routeList: (RouteSpec & { id: RouteId })[] = routeIds.map((id) => ({ ...routes[id], id }));

/** A valid request for each route against `bucket` (bodies the route accepts when authorized). */
function requestFor(route: RouteSpec, bucket: string, ctx: ContractContext): { path: string; json?: unknown } {
  const path = route.path.replace("{bucket}", bucket);
  switch (route.id) {
    case "createBucket":
      return { path, json: { bucket } };
    case "setVersioning":
      return { path, json: { status: "Enabled" } };
    case "setAcl": {
      const { owner } = ctx.backend;
      return {
        path,
        json: { Owner: { ID: owner.id }, Grants: [{ Grantee: { Type: "CanonicalUser", ID: owner.id }, Permission: "FULL_CONTROL" }] },
      };
    }
    default:
      return { path };
  }
}

function expectUnauthorized(reply: Reply, method: string): void {
  expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer /);
  if (method === "HEAD") {
    expect(reply.status).toBe(401);
    expect(reply.text).toBe("");
  } else {
    expectError(reply, 401, "Unauthorized");
  }
}

/** Tokens and scopes, checked before the backend is asked anything. */
export function authContract(ctx: ContractContext): void {
  describe("auth", () => {
    let bucket: string;
    let readOnly: ApiClient;
    let writeOnly: ApiClient;

    beforeAll(async () => {
      bucket = await ctx.createBucket("auth");
      readOnly = new ApiClient(ctx.backend.url, await ctx.backend.mintToken([DEFAULT_SCOPES.read]));
      writeOnly = new ApiClient(ctx.backend.url, await ctx.backend.mintToken([DEFAULT_SCOPES.write]));
    });

    it.each(routeList.map((route) => [route.id, route] as const))("%s answers 401 without a token or with a forged one", async (_id, route) => {
      const request = requestFor(route, bucket, ctx);
      expectUnauthorized(await ctx.api.call(route.method, request.path, { json: request.json, token: null }), route.method);
      expectUnauthorized(await ctx.api.call(route.method, request.path, { json: request.json, token: "not.a.jwt" }), route.method);
      // Missing buckets do not leak past authentication either.
      const missing = requestFor(route, ctx.name("auth-missing"), ctx);
      expectUnauthorized(await ctx.api.call(route.method, missing.path, { json: missing.json, token: null }), route.method);
    });

    it("answers 403 InsufficientScope to a read-only token on every write route, changing nothing", async () => {
      const writes = routeList.filter((route) => route.permission === "write" || route.permission === "admin");
      expect(writes.map((r) => r.id).sort()).toEqual(["createBucket", "deleteBucket", "setAcl", "setVersioning"]);
      const fresh = ctx.name("auth-readonly-create");
      for (const route of writes) {
        const request = requestFor(route, route.id === "createBucket" ? fresh : bucket, ctx);
        const reply = await readOnly.call(route.method, request.path, { json: request.json });
        expectError(reply, 403, "InsufficientScope");
        expect(reply.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
      }
      expect((await ctx.api.call("HEAD", `${BUCKETS}/${fresh}`)).status).toBe(404);
      expectSuccess("headBucket", await ctx.api.call("HEAD", `${BUCKETS}/${bucket}`));
      expect(await ctx.api.ok("getVersioning", `${BUCKETS}/${bucket}/versioning`)).toEqual({ status: null, mfa_delete: null });
    });

    it("lets a read-only token use every read route", async () => {
      for (const route of routeList.filter((r) => r.permission === "read")) {
        const request = requestFor(route, bucket, ctx);
        expectSuccess(route.id, await readOnly.call(route.method, request.path));
      }
    });

    it("requires the admin scope to set an ACL, not write", async () => {
      const request = requestFor(routeList.find((r) => r.id === "setAcl")!, bucket, ctx);
      expectError(await writeOnly.call("PUT", request.path, { json: request.json }), 403, "InsufficientScope");
      const created = ctx.name("auth-write-create");
      expect(await writeOnly.ok("createBucket", BUCKETS, { json: { bucket: created } })).toEqual({ status: "created", bucket: created });
      expect(await writeOnly.ok("deleteBucket", `${BUCKETS}/${created}`)).toEqual({ status: "deleted", bucket: created });
    });
  });
}
