import type { MiddlewareObj } from "@middy/core";
import { logger } from "../log";
import type { OperationSpec } from "../routes";
import type { ApiEvent, ApiResult } from "./api-event";
import { requestIdOf } from "./responses";

/** The bucket a mutation targets, from validated input when there is some, else the raw request (truncated). */
function targetBucket(event: ApiEvent): string | null {
  const fromInput = (event.input?.params as { bucket?: unknown } | undefined)?.bucket
    ?? (event.input?.body as { bucket?: unknown } | undefined)?.bucket;
  const raw = fromInput ?? event.pathParameters?.["bucket"] ?? (event.body as { bucket?: unknown } | undefined)?.bucket;
  return typeof raw === "string" ? raw.slice(0, 80) : null;
}

/** Stands in for an unknown caller or bucket: the logger drops null fields, and every audit line keeps all of them. */
const UNKNOWN = "-";

/**
 * One structured line per mutation attempt: who, what, which bucket, outcome, request id.
 * Registered before the error mapper so that, on failure, it sees the final status.
 */
export function auditLog(route: OperationSpec): MiddlewareObj<ApiEvent, ApiResult> {
  const action = route.audit;
  const write = (event: ApiEvent, status: number | undefined) => {
    logger.info("audit", {
      audit: true,
      action,
      sub: event.principal?.sub ?? UNKNOWN,
      tenant: event.caller?.tenant ?? UNKNOWN,
      bucket: targetBucket(event) ?? UNKNOWN,
      // The policy rule that granted or refused the call ("none", "no-policy"); "-" when refused before that.
      rule: event.decision?.rule ?? UNKNOWN,
      result: status !== undefined && status < 400 ? "success" : "failure",
      status: status ?? null,
      request_id: requestIdOf(event),
    });
  };
  return {
    after: ({ event, response }) => write(event, response?.statusCode),
    onError: ({ event, response }) => write(event, response?.statusCode),
  };
}
