import type { MiddlewareObj } from "@middy/core";
import type { ApiEvent, ApiResult } from "./api-event";
import { NO_STORE } from "./responses";

/**
 * The security header sets of every answer the deployment gives, declared once: the API's (and the
 * local server's own answers), the documentation page's and the documentation assets' (the OpenAPI
 * document, Swagger UI's files and the errors of those routes).
 */

type Headers = Readonly<Record<string, string>>;

/**
 * One header set from its parts. Called as pure so that a bundle drops the sets it does not use
 * (esbuild keeps an unused object literal with spreads, not an unused pure call).
 */
function headerSet(...parts: Headers[]): Headers {
  return Object.freeze(Object.assign({}, ...parts));
}

/** In every set: nothing is sniffed as another type, framed, told where it came from or fetched over plain HTTP. */
const EVERYWHERE: Headers = {
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

/** For everything that is not a page: nothing may run or be framed. */
const NOTHING_RUNS_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every API response carries, errors included. The API only ever answers JSON, so the
 * HTML-page policies of generic helmet-style defaults (Permissions-Policy, COEP, report-to, …)
 * are left out: nothing may run, be framed, be sniffed as another type or be cached.
 */
export const API_SECURITY_HEADERS: Headers = /* @__PURE__ */ headerSet(
  NO_STORE,
  { "content-security-policy": NOTHING_RUNS_CSP, "cross-origin-resource-policy": "same-origin" },
  EVERYWHERE,
);

/**
 * The docs page loads everything from its own origin: scripts and styles we serve, the OpenAPI
 * document and the API for try-it-out. No inline scripts or styles (Swagger UI sets styles through
 * the DOM, which CSP allows); checked in Chromium: rendering, Authorize and try-it-out log no violations.
 */
const DOCS_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The documentation routes are opened in browsers: their documents keep a browsing context group of their own. */
function documentationHeaders(csp: string, resourcePolicy: "same-origin" | "cross-origin"): Headers {
  return headerSet(EVERYWHERE, {
    "cross-origin-opener-policy": "same-origin",
    "content-security-policy": csp,
    "cross-origin-resource-policy": resourcePolicy,
  });
}

/** The documentation page (Swagger UI). */
export function pageSecurityHeaders(): Headers {
  return headerSet(documentationHeaders(DOCS_PAGE_CSP, "same-origin"), {
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  });
}

/** A documentation asset or error. `crossOrigin`: readable from other origins (the OpenAPI document, for external tools). */
export function assetSecurityHeaders(crossOrigin = false): Headers {
  return documentationHeaders(NOTHING_RUNS_CSP, crossOrigin ? "cross-origin" : "same-origin");
}

/** Headers that only advertise the stack. */
const REVEALING = /* @__PURE__ */ new Set(["x-powered-by", "server"]);

function secure(response: ApiResult | null | undefined): void {
  if (!response) return;
  const headers: Record<string, string | number | boolean> = { ...response.headers };
  for (const name of Object.keys(headers)) if (REVEALING.has(name.toLowerCase())) delete headers[name];
  response.headers = { ...headers, ...API_SECURITY_HEADERS };
}

/** Middleware: every API response, errors included, carries API_SECURITY_HEADERS and nothing that advertises the stack. */
export function securityHeaders(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    after: ({ response }) => secure(response),
    onError: ({ response }) => secure(response),
  };
}
