import { afterEach, describe, expect, it, vi } from "vitest";
import { logger, routes, type ApiEvent, type ApiResult, type RouteSpec } from "@rahcp/core";
import { auditLog } from "@rahcp/core/http/audit-log";
import { apiEvent, type EventOptions } from "../../kit/events";
import { withMiddleware } from "../support/middleware";

/** auditLog on its own: one structured line per mutation attempt, success or failure. */

afterEach(() => vi.restoreAllMocks());

async function audited(route: RouteSpec, options: Partial<EventOptions>, handle: (event: ApiEvent) => Promise<ApiResult>, inner: Parameters<typeof withMiddleware>[0] = []) {
  const info = vi.spyOn(logger, "info").mockImplementation(() => undefined);
  const event = apiEvent({ method: route.method, routePath: route.path, ...options });
  await withMiddleware([auditLog(route), ...inner], handle)(event).catch(() => undefined);
  const lines = info.mock.calls.filter(([message]) => message === "audit").map(([, fields]) => fields as unknown as Record<string, unknown>);
  info.mockRestore();
  return { lines, requestId: event.requestContext.requestId };
}

describe("auditLog", () => {
  it("writes who, what, which bucket, the rule and the outcome of a successful mutation", async () => {
    const { lines, requestId } = await audited(routes.deleteBucket, { pathParameters: { bucket: "team-data" } }, async (event) => {
      event.principal = { sub: "alice", scopes: new Set(), groups: [], clientId: undefined, tenantClaim: undefined, expiresAt: 0 };
      event.caller = { tenant: "archive", store: undefined as never, access: undefined as never };
      event.decision = { allowed: true, rule: "team-a-rw" };
      event.auditFields = { deleted: 3 };
      return { statusCode: 200 };
    });
    expect(lines).toEqual([
      { audit: true, action: "bucket.delete", sub: "alice", tenant: "archive", bucket: "team-data", rule: "team-a-rw", result: "success", status: 200, request_id: requestId, deleted: 3 },
    ]);
  });

  it("writes the final status of a failure an inner error mapper answered, with '-' for what is not known yet", async () => {
    const mapper = { onError: (request: { response?: ApiResult | null }) => void (request.response = { statusCode: 401 }) };
    const { lines } = await audited(routes.deleteBucket, { pathParameters: { bucket: "team-data" } }, async () => {
      throw new Error("refused");
    }, [mapper]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: "bucket.delete", sub: "-", tenant: "-", rule: "-", bucket: "team-data", result: "failure", status: 401 });
  });

  it("names the action of the request (force=true is its own) and the bucket from the body of a create", async () => {
    const force = await audited(routes.deleteBucket, { pathParameters: { bucket: "b1" }, query: { force: "true" } }, async () => ({ statusCode: 202 }));
    expect(force.lines[0]).toMatchObject({ action: "bucket.delete.force", result: "success", status: 202 });
    const create = await audited(routes.createBucket, { body: JSON.stringify({ bucket: "fresh-bucket" }) }, async (event) => {
      event.body = JSON.parse(String(event.body)) as unknown;
      return { statusCode: 409 };
    });
    expect(create.lines[0]).toMatchObject({ action: "bucket.create", bucket: "fresh-bucket", result: "failure", status: 409 });
  });

  it("truncates a long bucket name taken from the raw request", async () => {
    const { lines } = await audited(routes.deleteBucket, { pathParameters: { bucket: "x".repeat(500) } }, async () => ({ statusCode: 400 }));
    expect(lines[0]?.bucket).toBe("x".repeat(80));
  });
});
