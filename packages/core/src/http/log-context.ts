import type { MiddlewareObj } from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logger } from "../log";
import type { ApiEvent, ApiResult } from "./api-event";
import { requestIdOf } from "./responses";

/**
 * Every log line of an invocation carries the API request id (the one clients see in errors and
 * `x-request-id`) and the Lambda context (function_request_id, cold_start). The request id is dropped
 * when the invocation ends (resetKeys); the context is replaced by the next invocation's. Register
 * first, so its cleanup runs after the audit line is written.
 * The event is never logged, even with POWERTOOLS_LOGGER_LOG_EVENT=true: it carries the bearer token.
 */
export function logContext(): MiddlewareObj<ApiEvent, ApiResult>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true, logEvent: false }) as MiddlewareObj<ApiEvent, ApiResult>,
    { before: ({ event }) => void logger.appendKeys({ request_id: requestIdOf(event) }) },
  ];
}
