import { ERROR_CODES, errorCodesOf, type ErrorCode } from "@rahcp/core/http/error-codes";
import type { RouteSpec } from "@rahcp/core/routes";
import { componentRef } from "./components";
import type { JsonObject } from "./json";

const headerRef = (id: string) => ({ $ref: `#/components/headers/${id}` });

/** Response headers shared by operations (`components.headers`). */
export const HEADERS: Record<string, JsonObject> = {
  RequestId: {
    description: "Identifier of this request, also in error bodies as `request_id`; quote it when reporting a problem.",
    schema: { type: "string" },
  },
  WWWAuthenticate: {
    description:
      'Bearer challenge (RFC 6750) naming the problem, e.g. `Bearer realm="rahcp", error="invalid_token"`; ' +
      'on 403 for a missing scope: `error="insufficient_scope", scope="…"`.',
    schema: { type: "string" },
  },
  RetryAfter: {
    description: "Seconds to wait before retrying.",
    schema: { type: "integer", minimum: 0 },
  },
};

/** What each error status means; the codes it carries come from ERROR_CODES. */
const STATUS_MEANING: Record<number, string> = {
  400: "The request is invalid, or the storage backend refused it as invalid. `detail` says what to fix.",
  401: "The request carries no acceptable bearer token.",
  403: "The caller may not do this.",
  404: "The bucket does not exist.",
  409: "The request conflicts with the bucket's current state.",
  413: "The request body is too large.",
  415: "The request body is not JSON.",
  500: "The API itself failed or is misconfigured; nothing about the request is wrong.",
  502: "The storage backend is unreachable or answered unexpectedly.",
  503: "The storage backend is throttling or temporarily unavailable; retry after `Retry-After` seconds.",
  504: "The storage backend did not answer in time.",
};

/** The codes `route` answers with `status`, each with when. */
export function errorCodesFor(route: RouteSpec, status: number): ErrorCode[] {
  return errorCodesOf(route).filter((code) => ERROR_CODES[code].status === status);
}

export function errorDescription(route: RouteSpec, status: number): string {
  const meaning = STATUS_MEANING[status];
  if (meaning === undefined) throw new Error(`no description for status ${status} of ${route.id} (responses.ts)`);
  const codes = errorCodesFor(route, status);
  if (codes.length === 0) throw new Error(`${route.id} declares status ${status}, but no code in ERROR_CODES (core/http/error-codes.ts) applies to it`);
  return [meaning, "", ...codes.map((code) => `- \`${code}\`: ${ERROR_CODES[code].when}.`)].join("\n");
}

/** An error response of `route`: the shared error schema (no body for HEAD) and its headers. */
export function errorResponse(route: RouteSpec, status: number): JsonObject {
  const headers: JsonObject = { "X-Request-Id": headerRef("RequestId") };
  if (status === 401 || status === 403) headers["WWW-Authenticate"] = headerRef("WWWAuthenticate");
  if (status === 503) headers["Retry-After"] = headerRef("RetryAfter");
  const description = errorDescription(route, status);
  return {
    description: route.method === "HEAD" ? `${description}\n\nHEAD responses carry no body (the headers are those GET would get).` : description,
    headers,
    ...(route.method === "HEAD" ? {} : { content: { "application/json": { schema: componentRef("ErrorResponse") } } }),
  };
}

/** Success answers besides the usual one. */
const OTHER_SUCCESS: Record<number, string> = {
  202: "Accepted: the work is under way but not finished within this request; repeat the same request to continue.",
};

export function successResponse(route: RouteSpec, responseSchemaId: string | undefined, status: number = route.successStatus): JsonObject {
  const headers = { "X-Request-Id": headerRef("RequestId") };
  if (responseSchemaId === undefined) {
    return { description: route.method === "HEAD" ? "The bucket exists. No body." : "Success. No body.", headers };
  }
  return {
    description: OTHER_SUCCESS[status] ?? (status === 201 ? "Created." : "Success."),
    headers,
    content: { "application/json": { schema: componentRef(responseSchemaId) } },
  };
}
