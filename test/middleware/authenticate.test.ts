import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError, routes, type ApiEvent, type RouteSpec } from "@rahcp/core";
import { authenticate } from "@rahcp/core/http/authenticate";
import { apiEvent } from "../../kit/events";
import { withMiddleware } from "../support/middleware";
import { createTestIssuer, trustTestIssuer, type TestIssuer } from "../support/tokens";

/** authenticate on its own: the bearer JWT verified, the principal set, the route's scope checked. */

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
beforeEach(() => trustTestIssuer(issuer));

/** Runs authenticate(route) before a handler that records the event it was given. */
async function run(route: RouteSpec, headers: Record<string, string>, query?: Record<string, string>) {
  const seen: ApiEvent[] = [];
  const handler = withMiddleware([authenticate(route)], async (event) => {
    seen.push(event);
    return { statusCode: 200 };
  });
  const event = apiEvent({ method: route.method, routePath: route.path, pathParameters: { bucket: "b1" }, headers, ...(query ? { query } : {}) });
  const outcome = await handler(event).then(
    (res) => ({ res, error: undefined }),
    (error: unknown) => ({ res: undefined, error: error as ApiError }),
  );
  return { ...outcome, event: event as ApiEvent, seen };
}

const bearer = async (...scopes: string[]) => ({ authorization: `Bearer ${await issuer.token(...scopes)}` });

describe("authenticate", () => {
  it("lets a token with the route's scope through, with the principal on the event", async () => {
    const { res, seen } = await run(routes.headBucket, await bearer("buckets:read"));
    expect(res?.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.principal?.sub).toBe("test-user");
    expect([...(seen[0]!.principal?.scopes ?? [])]).toEqual(["buckets:read"]);
  });

  it("refuses a request without credentials: 401, a bare challenge, the handler never runs", async () => {
    const { error, seen } = await run(routes.headBucket, {});
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: "Unauthorized", detail: "Missing Authorization header with a Bearer token", headers: { "www-authenticate": 'Bearer realm="rahcp"' } });
    expect(seen).toHaveLength(0);
  });

  it.each([
    ["Basic credentials", "Basic dXNlcjpwYXNzd29yZA==", "Authorization header must be 'Bearer <token>'", "invalid_request"],
    ["a token that is not a JWT", "Bearer not-a-jwt", "Token is not a well-formed JWT", "invalid_token"],
    ["an oversized token", `Bearer ${"a".repeat(8 * 1024 + 1)}`, "Bearer token is too large", "invalid_token"],
  ])("refuses %s with 401 naming the problem", async (_name, authorization, detail, code) => {
    const { error, seen } = await run(routes.headBucket, { authorization });
    expect(error).toMatchObject({ status: 401, code: "Unauthorized", detail, headers: { "www-authenticate": `Bearer realm="rahcp", error="${code}"` } });
    expect(seen).toHaveLength(0);
  });

  it("refuses an expired token without echoing it", async () => {
    const token = await issuer.sign({ exp: Math.floor(Date.now() / 1000) - 120 });
    const { error } = await run(routes.headBucket, { authorization: `Bearer ${token}` });
    expect(error).toMatchObject({ status: 401, detail: "Token has expired" });
    expect(`${error?.message} ${JSON.stringify(error)}`).not.toContain(token);
  });

  it("answers 403 InsufficientScope naming the scopes that would do, with the principal already known (for the audit line)", async () => {
    const { error, event, seen } = await run(routes.setAcl, await bearer("buckets:read", "buckets:write"));
    expect(error).toMatchObject({
      status: 403,
      code: "InsufficientScope",
      detail: "This operation needs the 'buckets:admin' scope",
      headers: { "www-authenticate": 'Bearer realm="rahcp", error="insufficient_scope", scope="buckets:admin"' },
    });
    expect(event.principal?.sub).toBe("test-user");
    expect(seen).toHaveLength(0);
  });

  it("checks the permission of the request, not only the route's: force=true needs admin", async () => {
    const write = await bearer("buckets:write");
    expect((await run(routes.deleteBucket, write)).res?.statusCode).toBe(200);
    expect((await run(routes.deleteBucket, write, { force: "true" })).error).toMatchObject({ status: 403, code: "InsufficientScope" });
  });

  it("lets any valid token call a route that only needs authentication", async () => {
    expect((await run(routes.me, await bearer("openid"))).res?.statusCode).toBe(200);
  });
});
