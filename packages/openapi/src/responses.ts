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

/** What each error status means, with the `code` values it carries. */
const STATUS_MEANING: Record<number, string> = {
  400: "The request is invalid: bucket name, query parameter or body (`ValidationError`, `MissingBody`, `MalformedJson`), or the storage backend rejected it (`InvalidBucketName`, `InvalidArgument`). `detail` says what to fix.",
  401: "The bearer token is missing, malformed, expired, not yet valid, or not issued by a trusted issuer for this API (`Unauthorized`).",
  403: "The token lacks the required scope (`InsufficientScope`), or the storage backend denied access (`AccessDenied`).",
  404: "The bucket does not exist (`NoSuchBucket`).",
  409: "The request conflicts with the bucket's current state.",
  413: "The request body is too large (`PayloadTooLarge`).",
  415: "The request body was not sent with `Content-Type: application/json` (`UnsupportedMediaType`).",
  500: "The API itself failed or is misconfigured (`InternalError`, `ServerMisconfigured`); nothing about the request is wrong.",
  502: "The storage backend is unreachable or answered unexpectedly (`Unreachable`, `BackendError`).",
  503: "The storage backend is throttling or temporarily unavailable (`SlowDown`, `ServiceUnavailable`); retry after `Retry-After` seconds.",
  504: "The storage backend did not answer in time (`Timeout`).",
};

/** Where one status means something specific for one operation. */
const ROUTE_MEANING: Record<string, Partial<Record<number, string>>> = {
  createBucket: {
    409: "A bucket with this name already exists, whoever owns it (`BucketAlreadyOwnedByYou`, `BucketAlreadyExists`).",
  },
  deleteBucket: {
    409:
      "The bucket is not empty (`BucketNotEmpty`): without `force`, delete its objects, versions and delete markers first; " +
      "with `force=true`, `detail` names the versions that could not be deleted (retention, legal hold, permission), or says " +
      "that HCP still keeps deletion records although nothing is listed.",
  },
};

export function errorDescription(route: RouteSpec, status: number): string {
  const meaning = ROUTE_MEANING[route.id]?.[status] ?? STATUS_MEANING[status];
  if (meaning === undefined) throw new Error(`no description for status ${status} of ${route.id} (responses.ts)`);
  return meaning;
}

/** An error response of `route`: the shared error schema (no body for HEAD) and its headers. */
export function errorResponse(route: RouteSpec, status: number): JsonObject {
  const headers: JsonObject = { "X-Request-Id": headerRef("RequestId") };
  if (status === 401 || status === 403) headers["WWW-Authenticate"] = headerRef("WWWAuthenticate");
  if (status === 503) headers["Retry-After"] = headerRef("RetryAfter");
  return {
    description: route.method === "HEAD" ? `${errorDescription(route, status)} HEAD responses carry no body.` : errorDescription(route, status),
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
