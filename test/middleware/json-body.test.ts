import { describe, expect, it } from "vitest";
import { ApiError, routes, type ApiEvent } from "@rahcp/core";
import { jsonBody, refuseBody, requireBody } from "@rahcp/core/http/json-body";
import { apiEvent, type EventOptions } from "../../kit/events";
import { withMiddleware } from "../support/middleware";

/** jsonBody and refuseBody on their own: a JSON object body where one is declared, none elsewhere. */

const echo = async (event: ApiEvent) => ({ statusCode: 200, body: JSON.stringify({ body: event.body }) });
const request = (options: Partial<EventOptions> = {}) => apiEvent({ method: "POST", routePath: "/api/v1/buckets", ...options });
const outcome = (promise: Promise<{ body?: string }>) =>
  promise.then(
    (res) => ({ parsed: (JSON.parse(res.body ?? "{}") as { body?: unknown }).body, error: undefined }),
    (error: unknown) => ({ parsed: undefined, error: error as ApiError & { statusCode?: number } }),
  );

describe("jsonBody", () => {
  const handler = withMiddleware([jsonBody()], echo);

  it("parses a JSON body into event.body", async () => {
    const { parsed, error } = await outcome(handler(request({ body: { bucket: "b1" } })));
    expect(error).toBeUndefined();
    expect(parsed).toEqual({ bucket: "b1" });
  });

  it("refuses a missing or empty body: 400 MissingBody", async () => {
    for (const body of [undefined, ""]) {
      const event = request({ headers: { "content-type": "application/json" } });
      if (body !== undefined) event.body = body;
      expect((await outcome(handler(event))).error).toMatchObject({ status: 400, code: "MissingBody" });
    }
  });

  it("refuses a body over the limit before parsing it: 413 PayloadTooLarge", async () => {
    const { error } = await outcome(withMiddleware([requireBody(16)], echo)(request({ body: { bucket: "a-bucket-name-that-is-long" } })));
    expect(error).toMatchObject({ status: 413, code: "PayloadTooLarge", detail: "Request body must be at most 16 bytes" });
  });

  it("counts a base64 body by its decoded size", async () => {
    const event = request({ body: "x".repeat(20) });
    event.isBase64Encoded = true; // 20 base64 characters are 15 bytes
    expect((await outcome(withMiddleware([requireBody(16)], async () => ({ statusCode: 200 }))(event))).error).toBeUndefined();
  });

  it("leaves a body that is not JSON, or not sent as JSON, to middy's parser (415 and 422, mapped by errorResponse)", async () => {
    const notJson = await outcome(handler(request({ body: "{not json", headers: { "content-type": "application/json" } })));
    expect(notJson.error?.statusCode).toBe(422);
    const html = await outcome(handler(request({ body: "<p>x</p>", headers: { "content-type": "text/html" } })));
    expect(html.error?.statusCode).toBe(415);
  });
});

describe("refuseBody", () => {
  const handler = withMiddleware([refuseBody(routes.headBucket)], echo);

  it("refuses a body on an operation that takes none: 400 naming the operation", async () => {
    const { error } = await outcome(handler(request({ method: "HEAD", body: { bucket: "b1" } })));
    expect(error).toMatchObject({ status: 400, code: "ValidationError", detail: "HEAD /api/v1/buckets/{bucket} takes no request body" });
  });

  it("lets a request without a body, or with an empty one, through", async () => {
    expect((await outcome(handler(request({ method: "HEAD" })))).error).toBeUndefined();
    const empty = request({ method: "HEAD" });
    empty.body = "";
    expect((await outcome(handler(empty))).error).toBeUndefined();
  });
});
