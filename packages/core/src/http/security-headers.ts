import type { MiddlewareObj } from "@middy/core";
import type { ApiEvent, ApiResult } from "./api-event";

/**
 * Headers every API response carries, errors included. The API only ever answers JSON, so the
 * HTML-page policies of generic helmet-style defaults (Permissions-Policy, COEP, report-to, …)
 * are left out: nothing may run, be framed, be sniffed as another type or be cached.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

/** Headers that only advertise the stack. */
const REVEALING = new Set(["x-powered-by", "server"]);

function secure(response: ApiResult | null | undefined): void {
  if (!response) return;
  const headers: Record<string, string | number | boolean> = { ...response.headers };
  for (const name of Object.keys(headers)) if (REVEALING.has(name.toLowerCase())) delete headers[name];
  response.headers = { ...headers, ...API_SECURITY_HEADERS };
}

export function securityHeaders(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    after: ({ response }) => secure(response),
    onError: ({ response }) => secure(response),
  };
}
