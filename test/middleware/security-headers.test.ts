import { describe, expect, it } from "vitest";
import type { ApiResult } from "@rahcp/core";
import { securityHeaders } from "@rahcp/core/http/security-headers";
import { apiEvent } from "../../kit/events";
import { withMiddleware } from "../support/middleware";

/** securityHeaders on its own: the API's header set on every response, errors included. */

const API_HEADERS = {
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

const event = () => apiEvent({ method: "GET", routePath: "/api/v1/buckets" });

describe("securityHeaders", () => {
  it("adds the API's headers to a response and keeps the handler's own", async () => {
    const res = await withMiddleware([securityHeaders()], async () => ({ statusCode: 201, headers: { "content-type": "application/json", "x-request-id": "r1" }, body: "{}" }))(event());
    expect(res.statusCode).toBe(201);
    expect(res.headers).toEqual({ ...API_HEADERS, "content-type": "application/json", "x-request-id": "r1" });
  });

  it("adds them to a response without headers", async () => {
    const res = await withMiddleware([securityHeaders()], async () => ({ statusCode: 204 }))(event());
    expect(res.headers).toEqual(API_HEADERS);
  });

  it("drops headers that advertise the stack, in any case", async () => {
    const res = await withMiddleware([securityHeaders()], async () => ({ statusCode: 200, headers: { "X-Powered-By": "Express", Server: "nginx", etag: "e1" } }))(event());
    expect(Object.keys(res.headers ?? {}).map((name) => name.toLowerCase())).not.toContain("x-powered-by");
    expect(Object.keys(res.headers ?? {}).map((name) => name.toLowerCase())).not.toContain("server");
    expect(res.headers?.["etag"]).toBe("e1");
  });

  it("wins over a handler that asks for caching or framing", async () => {
    const res = await withMiddleware([securityHeaders()], async () => ({ statusCode: 200, headers: { "cache-control": "max-age=3600", "x-frame-options": "SAMEORIGIN" } }))(event());
    expect(res.headers?.["cache-control"]).toBe("no-store");
    expect(res.headers?.["x-frame-options"]).toBe("DENY");
  });

  it("secures the response an inner error handler made from a thrown error", async () => {
    const mapped: ApiResult = { statusCode: 500, headers: { "content-type": "application/json", server: "leaky" }, body: '{"code":"InternalError"}' };
    const handler = withMiddleware(
      [securityHeaders(), { onError: (request) => void (request.response = { ...mapped, headers: { ...mapped.headers } }) }],
      async () => {
        throw new Error("boom");
      },
    );
    const res = await handler(event());
    expect(res.statusCode).toBe(500);
    expect(res.headers).toEqual({ ...API_HEADERS, "content-type": "application/json" });
  });
});
