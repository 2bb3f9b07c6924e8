import type { MiddlewareObj } from "@middy/core";
import { ConfigError } from "../config";
import { logger } from "../log";
import { StoreError } from "../store/store-error";
import { ApiError } from "./api-error";
import type { ApiEvent, ApiResult } from "./api-event";
import { apiErrorResponse, requestIdOf } from "./responses";
import { storeErrorToApiError } from "./store-error-status";

interface MiddyHttpError {
  statusCode: number;
  cause?: { package?: string };
}

function isMiddyHttpError(error: unknown): error is Error & MiddyHttpError {
  return error instanceof Error && typeof (error as Partial<MiddyHttpError>).statusCode === "number";
}

/** Turns anything thrown into the API's error shape; unknown failures become a generic 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreError) return storeErrorToApiError(error);
  if (error instanceof ConfigError) return new ApiError(500, "ServerMisconfigured", "The API is not configured correctly");
  if (isMiddyHttpError(error)) {
    if (error.statusCode === 415) {
      return new ApiError(415, "UnsupportedMediaType", "Request body must be sent with Content-Type: application/json");
    }
    if (error.statusCode === 422 && error.cause?.package === "@middy/http-json-body-parser") {
      return new ApiError(400, "MalformedJson", "Request body is not valid JSON");
    }
  }
  // Any other middy error is a middleware this code does not expect: a fault of the API, logged below.
  return new ApiError(500, "InternalError", "Internal server error");
}

/** Maps errors to `{detail, code, request_id}` JSON and logs server-side failures without secrets. */
export function errorResponse(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    onError: (request) => {
      const requestId = requestIdOf(request.event);
      const apiError = toApiError(request.error);
      if (apiError.status >= 500) {
        const thrown = request.error;
        const cause = thrown instanceof ApiError && thrown.cause !== undefined ? thrown.cause : thrown;
        logger.error("request failed", {
          request_id: requestId,
          status: apiError.status,
          code: apiError.code,
          // name and message only: stacks and SDK metadata stay out of logs
          cause: cause instanceof Error ? { name: cause.name, message: cause.message } : String(cause),
        });
      }
      request.response = apiErrorResponse(apiError, requestId);
    },
  };
}
