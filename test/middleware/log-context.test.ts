import { afterEach, describe, expect, it, vi } from "vitest";

// The logger reads its level (and whether to log events) once, when its module loads: before any import.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = "INFO";
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = "true";
});

import { logger } from "@rahcp/core";
import { logContext } from "@rahcp/core/http/log-context";
import { apiEvent } from "../../kit/events";
import { withMiddleware } from "../support/middleware";

/** logContext on its own: every line of an invocation carries its request and Lambda ids, and only its. */

let lines: Record<string, unknown>[] = [];

function capture(): void {
  lines = [];
  vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown) => {
    for (const line of String(chunk).split("\n")) if (line.trim().startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  }) as typeof process.stdout.write);
}

afterEach(() => vi.restoreAllMocks());

const handler = withMiddleware([logContext()], async () => {
  logger.info("inside");
  return { statusCode: 200 };
});

describe("logContext", () => {
  it("adds the API request id and the Lambda context to lines written during the invocation", async () => {
    capture();
    const event = apiEvent({ method: "GET", routePath: "/api/v1/buckets" });
    await handler(event);
    const inside = lines.find((line) => line.message === "inside");
    expect(inside).toMatchObject({ request_id: event.requestContext.requestId, function_name: "test", function_request_id: expect.stringMatching(/^lambda-/) });
    expect(typeof inside?.cold_start).toBe("boolean");
  });

  it("drops the request id when the invocation ends, so the next one cannot inherit it", async () => {
    capture();
    await handler(apiEvent({ method: "GET", routePath: "/api/v1/buckets" }));
    logger.info("after");
    const after = lines.find((line) => line.message === "after");
    expect(after).toBeDefined();
    expect(after).not.toHaveProperty("request_id");
  });

  it("never logs the event (it carries the bearer token), even with POWERTOOLS_LOGGER_LOG_EVENT=true", async () => {
    capture();
    await handler(apiEvent({ method: "GET", routePath: "/api/v1/buckets", token: "header.payload.signature-not-to-log" }));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain("signature-not-to-log");
  });
});
