import type * as z from "zod/mini";
import type { Permission } from "../permissions";

/** What a route requires of the token: a permission, or only a valid token (the caller's own information). */
export type RoutePermission = Permission | "authenticated";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
type Schema = z.ZodMiniType;

/**
 * One API operation as its handler needs it at runtime, declared once in routes/<handler>.ts: infra
 * wires it to API Gateway, the local server dispatches to it, the handler validates with its schemas.
 */
export interface OperationSpec {
  /** Also the OpenAPI operationId. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway route path; `{name}` segments are path parameters. */
  readonly path: string;
  /** File name (without `.ts`) in packages/functions/src exporting `handler`. */
  readonly handler: string;
  readonly permission: RoutePermission;
  /**
   * Where the bucket the operation acts on is named, for the access policy's decision before any
   * backend call; absent for operations on no single bucket (listing, the caller's own grants).
   */
  readonly bucket?: "path" | "body";
  readonly summary: string;
  readonly description: string;
  readonly successStatus: 200 | 201;
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  /** Statuses this operation can answer with besides success (all share the error schema). */
  readonly errors: readonly number[];
  /** Mutations carry an action name for the audit log. */
  readonly audit?: string;
  /**
   * A query flag that makes the operation a stronger one (`DELETE …?force=true`): when the query
   * carries `query=value`, the route needs `permission` and audits as `audit`.
   */
  readonly flag?: { readonly query: string; readonly value: string; readonly permission: Permission; readonly audit: string };
}

/** The permission and audit action of one request: the route's, or its flag's when the request raises it. */
export function requestKind(route: OperationSpec, query: Readonly<Record<string, string | undefined>> | undefined): { permission: RoutePermission; audit: string | undefined } {
  const flag = route.flag;
  if (flag && query?.[flag.query] === flag.value) return { permission: flag.permission, audit: flag.audit };
  return { permission: route.permission, audit: route.audit };
}

// 500 only for faults of the API itself (misconfiguration, bugs); backend failures are 502–504.
export const BACKEND = [500, 502, 503, 504] as const;
export const AUTH = [401, 403] as const;

/**
 * The operation plus its response body schema (absent for HEAD), attached in routes/index.ts so that
 * response schemas, which are never validated at runtime, stay out of function bundles.
 */
export interface RouteSpec extends OperationSpec {
  readonly response?: Schema;
  /** Further success answers besides `successStatus`, e.g. 202 while a force delete is still emptying. */
  readonly otherResponses?: Readonly<Partial<Record<202, Schema>>>;
}

export function route<const T extends OperationSpec>(spec: T): T {
  return spec;
}

/** An unauthenticated route outside the bucket API (documentation), wired like the others. */
export interface PublicRouteSpec {
  readonly id: string;
  readonly method: "GET" | "HEAD";
  readonly path: string;
  readonly handler: string;
  readonly summary: string;
  readonly public: true;
}
