import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, ConfigError, logger } from "@rahcp/core";
import { errorResponse } from "@rahcp/core/http/error-response";
import { StoreError } from "@rahcp/core/store/store-error";
import { apiEvent } from "../../kit/events";
import { withMiddleware } from "../support/middleware";

/** errorResponse on its own: whatever the handler throws becomes `{detail, code, request_id}` JSON. */

const event = () => apiEvent({ method: "GET", routePath: "/api/v1/buckets/{bucket}", pathParameters: { bucket: "b1" } });
const throwing = (error: unknown) =>
  withMiddleware([errorResponse()], async () => {
    throw error;
  });

async function answer(error: unknown) {
  const e = event();
  const res = await throwing(error)(e);
  return { requestId: e.requestContext.requestId, res, json: JSON.parse(res.body ?? "null") as Record<string, unknown> };
}

afterEach(() => vi.restoreAllMocks());

describe("errorResponse", () => {
  it("answers an ApiError as it is: status, code, detail, the request id, and its own headers", async () => {
    const { requestId, res, json } = await answer(new ApiError(401, "Unauthorized", "Token has expired", { "www-authenticate": 'Bearer realm="rahcp"' }));
    expect(res.statusCode).toBe(401);
    expect(json).toEqual({ detail: "Token has expired", code: "Unauthorized", request_id: requestId });
    expect(res.headers).toMatchObject({ "content-type": "application/json", "x-request-id": requestId, "www-authenticate": 'Bearer realm="rahcp"' });
  });

  it("maps a StoreError to its status and code", async () => {
    const { res, json } = await answer(new StoreError("NoSuchBucket", "b1"));
    expect(res.statusCode).toBe(404);
    expect(json.code).toBe("NoSuchBucket");
  });

  it("answers a ConfigError 500 ServerMisconfigured without saying what is missing", async () => {
    const { res, json } = await answer(new ConfigError("AUTH_ISSUER is not set"));
    expect(res.statusCode).toBe(500);
    expect(json).toMatchObject({ code: "ServerMisconfigured", detail: "The API is not configured correctly" });
  });

  it("turns middy's 415 into UnsupportedMediaType and the JSON parser's 422 into 400 MalformedJson", async () => {
    const unsupported = await answer(Object.assign(new Error("Unsupported Media Type"), { statusCode: 415 }));
    expect(unsupported.res.statusCode).toBe(415);
    expect(unsupported.json.code).toBe("UnsupportedMediaType");
    const malformed = await answer(Object.assign(new Error("Invalid or malformed JSON"), { statusCode: 422, cause: { package: "@middy/http-json-body-parser" } }));
    expect(malformed.res.statusCode).toBe(400);
    expect(malformed.json).toMatchObject({ code: "MalformedJson", detail: "Request body is not valid JSON" });
  });

  it("answers anything else 500 InternalError with a generic detail, and logs only its name and message", async () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const { requestId, res, json } = await answer(new TypeError("secret-ish internals at line 42"));
    expect(res.statusCode).toBe(500);
    expect(json).toEqual({ detail: "Internal server error", code: "InternalError", request_id: requestId });
    expect(res.body).not.toContain("internals");
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![1]).toEqual({ request_id: requestId, status: 500, code: "InternalError", cause: { name: "TypeError", message: "secret-ish internals at line 42" } });
  });

  it("logs the cause behind a 500 ApiError, and nothing for a 4xx", async () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    await answer(new ApiError(400, "ValidationError", "Invalid path parameter 'bucket'"));
    expect(error).not.toHaveBeenCalled();
    await answer(new ApiError(500, "ServerMisconfigured", "The API's access policy is not configured correctly", {}, { cause: new ConfigError("rules[0] is wrong") }));
    expect(error.mock.calls[0]![1]).toMatchObject({ status: 500, cause: { name: "ConfigError", message: "rules[0] is wrong" } });
  });

  it("escapes markup in the detail and names the request 'unknown' when API Gateway gave no id", async () => {
    const bare = { ...event(), requestContext: undefined } as unknown as ReturnType<typeof event>;
    const res = await throwing(new ApiError(400, "ValidationError", "Unknown request body field '<script>'"))(bare);
    expect(res.body).not.toMatch(/[<>]/);
    expect(JSON.parse(res.body!)).toEqual({ detail: "Unknown request body field '<script>'", code: "ValidationError", request_id: "unknown" });
  });

  it("leaves a successful response alone", async () => {
    const res = await withMiddleware([errorResponse()])(event());
    expect(res).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: "{}" });
  });
});
