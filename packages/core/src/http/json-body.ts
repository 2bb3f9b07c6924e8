import type { MiddlewareObj } from "@middy/core";
import httpJsonBodyParser from "@middy/http-json-body-parser";
import { MAX_BODY_BYTES } from "../config";
import type { OperationSpec } from "../routes/route-spec";
import { ApiError } from "./api-error";
import type { ApiEvent } from "./api-event";

/** Refuses missing and oversized bodies before JSON parsing (which also enforces the content type). */
export function requireBody(maxBytes = MAX_BODY_BYTES): MiddlewareObj<ApiEvent> {
  return {
    before: ({ event }) => {
      const body = event.body;
      if (typeof body !== "string" || body.length === 0) {
        throw new ApiError(400, "MissingBody", "Request body is required (JSON object)");
      }
      const bytes = event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
      if (bytes > maxBytes) {
        throw new ApiError(413, "PayloadTooLarge", `Request body must be at most ${maxBytes} bytes`);
      }
    },
  };
}

export function jsonBody(): MiddlewareObj<ApiEvent>[] {
  return [requireBody(), httpJsonBodyParser() as MiddlewareObj<ApiEvent>];
}

/**
 * Operations without a request body refuse one (API Gateway would pass it on; the handler would
 * ignore it silently). After authentication, like every other check of the request.
 */
export function refuseBody(route: Pick<OperationSpec, "method" | "path">): MiddlewareObj<ApiEvent> {
  return {
    before: ({ event }) => {
      if (typeof event.body === "string" && event.body.length > 0) {
        throw new ApiError(400, "ValidationError", `${route.method} ${route.path} takes no request body`);
      }
    },
  };
}
