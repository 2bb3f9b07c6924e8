import { describe, expect, it } from "vitest";
import { ApiError, parsePolicy, routes, type ApiEvent, type Permission, type Principal, type RouteSpec } from "@rahcp/core";
import { CallerAccess } from "@rahcp/core/access/caller-access";
import { authorizeBucket } from "@rahcp/core/http/authorize-bucket";
import { apiEvent } from "../../kit/events";
import { withMiddleware } from "../support/middleware";

/** authorizeBucket on its own: the access policy's decision on the validated bucket, before any backend call. */

const principal: Principal = { sub: "alice", scopes: new Set(["buckets:write"]), groups: ["team-a"], clientId: undefined, tenantClaim: "archive", expiresAt: Date.now() + 60_000 };
const POLICY = parsePolicy({ rules: [{ id: "team-a-rw", who: { group: "team-a" }, tenant: "archive", buckets: ["team-a-*"], allow: ["read", "write"] }] }, "authorize-bucket-test.yaml");

async function authorize(route: RouteSpec, bucket: string, granted: Permission[], query?: Record<string, string>) {
  let reached = false;
  const handler = withMiddleware([authorizeBucket(route)], async () => {
    reached = true;
    return { statusCode: 200 };
  });
  const event = apiEvent({ method: route.method, routePath: route.path, pathParameters: { bucket }, ...(query ? { query } : {}) }) as ApiEvent;
  const where = route.bucket === "body" ? { params: undefined, body: { bucket } } : { params: { bucket }, body: undefined };
  event.input = { query: {}, ...where };
  event.caller = { tenant: "archive", store: undefined as never, access: new CallerAccess(principal, "archive", new Set(granted), POLICY) };
  const error = await handler(event).then(
    () => undefined,
    (e: unknown) => e as ApiError,
  );
  return { error, reached, decision: event.decision };
}

describe("authorizeBucket", () => {
  it("lets a granted bucket through and records the rule that granted it", async () => {
    const { error, reached, decision } = await authorize(routes.deleteBucket, "team-a-data", ["read", "write"]);
    expect(error).toBeUndefined();
    expect(reached).toBe(true);
    expect(decision).toEqual({ allowed: true, rule: "team-a-rw" });
  });

  it("refuses a bucket outside the grants: 403 BucketAccessDenied naming permission, bucket and tenant", async () => {
    const { error, reached, decision } = await authorize(routes.deleteBucket, "team-b-data", ["read", "write"]);
    expect(error).toMatchObject({ status: 403, code: "BucketAccessDenied", detail: "'write' is not granted on bucket 'team-b-data' in tenant 'archive'" });
    expect(reached).toBe(false);
    expect(decision?.allowed).toBe(false);
  });

  it("takes the bucket from the body where the route names it there", async () => {
    expect((await authorize(routes.createBucket, "team-a-new", ["read", "write"])).reached).toBe(true);
    expect((await authorize(routes.createBucket, "elsewhere", ["read", "write"])).error?.code).toBe("BucketAccessDenied");
  });

  it("decides the request's permission: force=true needs admin, which the policy does not grant", async () => {
    const { error } = await authorize(routes.deleteBucket, "team-a-data", ["read", "write", "admin"], { force: "true" });
    expect(error?.detail).toBe("'admin' is not granted on bucket 'team-a-data' in tenant 'archive'");
  });

  it("cannot be put on a route without a bucket", () => {
    expect(() => authorizeBucket(routes.listBuckets)).toThrow(/no bucket permission/);
    expect(() => authorizeBucket(routes.me)).toThrow(/no bucket permission/);
  });
});
