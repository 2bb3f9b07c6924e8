import type { ApiResult } from "./api-event";

/** API responses and errors must never be cached by browsers or proxies. */
export const NO_STORE: Readonly<Record<string, string>> = { "cache-control": "no-store" };

/** `<`, `>` and `&` as JSON escapes: echoed input can never read as markup, whatever a client sniffs. */
const MARKUP = /[<>&]/g;
const escapeMarkup = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

export function jsonResponse(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: { ...NO_STORE, "content-type": "application/json", "x-request-id": requestId, ...headers },
    body: JSON.stringify(body).replace(MARKUP, escapeMarkup),
  };
}

export function emptyResponse(status: number, requestId: string): ApiResult {
  return { statusCode: status, headers: { ...NO_STORE, "x-request-id": requestId } };
}

/** What an error answer says; an ApiError is one (its type checks the code and its status against ERROR_CODES). */
export interface ErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** The error's own headers (Retry-After, WWW-Authenticate, Allow, …). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The API's error shape, `{detail, code, request_id}` as JSON (never cached), for every answer that
 * is an error: the handlers', the documentation routes' and the local server's own. `headers`: the
 * answerer's header set (e.g. its security headers), under the error's own.
 */
export function apiErrorResponse(error: ErrorAnswer, requestId: string, headers: Readonly<Record<string, string>> = {}): ApiResult {
  return jsonResponse(error.status, { detail: error.detail, code: error.code, request_id: requestId }, requestId, { ...headers, ...error.headers });
}

/** API Gateway's request id; "unknown" only for an event without one (never from API Gateway itself). */
export function requestIdOf(event: { requestContext?: { requestId?: string } }): string {
  return event.requestContext?.requestId ?? "unknown";
}
