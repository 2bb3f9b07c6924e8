import type { ApiResult } from "./api-event";

/** API responses must never be cached by browsers or proxies. */
const BASE_HEADERS = { "cache-control": "no-store" } as const;

/** `<`, `>` and `&` as JSON escapes: echoed input can never read as markup, whatever a client sniffs. */
const MARKUP = /[<>&]/g;
const escapeMarkup = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

export function jsonResponse(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, "content-type": "application/json", "x-request-id": requestId, ...headers },
    body: JSON.stringify(body).replace(MARKUP, escapeMarkup),
  };
}

export function emptyResponse(status: number, requestId: string): ApiResult {
  return { statusCode: status, headers: { ...BASE_HEADERS, "x-request-id": requestId } };
}

export function requestIdOf(event: { requestContext?: { requestId?: string } }): string {
  return event.requestContext?.requestId ?? "unknown";
}
