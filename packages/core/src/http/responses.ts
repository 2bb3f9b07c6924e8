import type { ApiResult } from "./api-event";

/** API responses must never be cached by browsers or proxies. */
const BASE_HEADERS = { "cache-control": "no-store" } as const;

export function jsonResponse(status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, "content-type": "application/json", "x-request-id": requestId, ...headers },
    body: JSON.stringify(body),
  };
}

export function emptyResponse(status: number, requestId: string): ApiResult {
  return { statusCode: status, headers: { ...BASE_HEADERS, "x-request-id": requestId } };
}

export function requestIdOf(event: { requestContext?: { requestId?: string } }): string {
  return event.requestContext?.requestId ?? "unknown";
}
