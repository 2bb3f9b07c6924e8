import type * as z from "zod/mini";
import type { Permission } from "./permissions";
import {
  AclPolicy,
  AclResponse,
  BucketMutationResponse,
  BucketParams,
  BucketVersioningResponse,
  CreateBucketRequest,
  ListBucketsResponse,
  ListObjectsQuery,
  ListObjectsResponse,
  ListVersionsQuery,
  ListVersionsResponse,
  SetVersioningRequest,
  VersioningMutationResponse,
} from "./schemas";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
type Schema = z.ZodMiniType;

/**
 * One API operation, declared once: infra wires it to API Gateway, the local server dispatches to
 * it, the OpenAPI document describes it and the handler validates with its schemas.
 */
export interface RouteSpec {
  /** Also the OpenAPI operationId. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway route path; `{name}` segments are path parameters. */
  readonly path: string;
  /** File name (without `.ts`) in packages/functions/src exporting `handler`. */
  readonly handler: string;
  readonly permission: Permission;
  readonly summary: string;
  readonly description: string;
  readonly successStatus: 200 | 201;
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  /** Response body schema; absent for HEAD. */
  readonly response?: Schema;
  /** Statuses this operation can answer with besides success (all share the error schema). */
  readonly errors: readonly number[];
  /** Mutations carry an action name for the audit log. */
  readonly audit?: string;
}

// 500 only for faults of the API itself (misconfiguration, bugs); backend failures are 502–504.
const BACKEND = [500, 502, 503, 504] as const;
const AUTH = [401, 403] as const;

function route<const T extends RouteSpec>(spec: T): T {
  return spec;
}

export const routes = {
  listBuckets: route({
    id: "listBuckets",
    method: "GET",
    path: "/api/v1/buckets",
    handler: "list-buckets",
    permission: "read",
    summary: "List all buckets",
    description: "Returns all buckets accessible to the authenticated user.",
    successStatus: 200,
    response: ListBucketsResponse,
    errors: [...AUTH, ...BACKEND],
  }),
  createBucket: route({
    id: "createBucket",
    method: "POST",
    path: "/api/v1/buckets",
    handler: "create-bucket",
    permission: "write",
    summary: "Create a bucket",
    description: "Creates a bucket. 409 if a bucket with that name already exists, whoever owns it.",
    successStatus: 201,
    body: CreateBucketRequest,
    response: BucketMutationResponse,
    errors: [400, ...AUTH, 409, 413, 415, ...BACKEND],
    audit: "bucket.create",
  }),
  headBucket: route({
    id: "headBucket",
    method: "HEAD",
    path: "/api/v1/buckets/{bucket}",
    handler: "head-bucket",
    permission: "read",
    summary: "Check if bucket exists",
    description: "Returns 200 OK if the bucket exists, 404 Not Found otherwise. No response body.",
    successStatus: 200,
    params: BucketParams,
    errors: [400, ...AUTH, 404, ...BACKEND],
  }),
  deleteBucket: route({
    id: "deleteBucket",
    method: "DELETE",
    path: "/api/v1/buckets/{bucket}",
    handler: "delete-bucket",
    permission: "write",
    summary: "Delete a bucket",
    description: "Deletes an S3 bucket. The bucket must be empty (no objects, versions or delete markers).",
    successStatus: 200,
    params: BucketParams,
    response: BucketMutationResponse,
    errors: [400, ...AUTH, 404, 409, ...BACKEND],
    audit: "bucket.delete",
  }),
  getVersioning: route({
    id: "getVersioning",
    method: "GET",
    path: "/api/v1/buckets/{bucket}/versioning",
    handler: "get-versioning",
    permission: "read",
    summary: "Get bucket versioning",
    description: "Versioning status: Enabled, Suspended, or null when versioning was never enabled.",
    successStatus: 200,
    params: BucketParams,
    response: BucketVersioningResponse,
    errors: [400, ...AUTH, 404, ...BACKEND],
  }),
  setVersioning: route({
    id: "setVersioning",
    method: "PUT",
    path: "/api/v1/buckets/{bucket}/versioning",
    handler: "set-versioning",
    permission: "write",
    summary: "Set bucket versioning",
    description: "Enables or suspends versioning. Once enabled, versioning can only be suspended.",
    successStatus: 200,
    params: BucketParams,
    body: SetVersioningRequest,
    response: VersioningMutationResponse,
    errors: [400, ...AUTH, 404, 413, 415, ...BACKEND],
    audit: "bucket.versioning.set",
  }),
  listVersions: route({
    id: "listVersions",
    method: "GET",
    path: "/api/v1/buckets/{bucket}/versions",
    handler: "list-versions",
    permission: "read",
    summary: "List object versions",
    description:
      "One page of object versions and delete markers. Pass next_key_marker and next_version_id_marker " +
      "back as key_marker and version_id_marker to fetch the next page.",
    successStatus: 200,
    params: BucketParams,
    query: ListVersionsQuery,
    response: ListVersionsResponse,
    errors: [400, ...AUTH, 404, ...BACKEND],
  }),
  listObjects: route({
    id: "listObjects",
    method: "GET",
    path: "/api/v1/buckets/{bucket}/objects",
    handler: "list-objects",
    permission: "read",
    summary: "List objects",
    description:
      "One page of the bucket's current objects (ListObjectsV2). With a delimiter, keys sharing a prefix up to " +
      "the delimiter are rolled up into common_prefixes. Pass next_continuation_token back as continuation_token.",
    successStatus: 200,
    params: BucketParams,
    query: ListObjectsQuery,
    response: ListObjectsResponse,
    errors: [400, ...AUTH, 404, ...BACKEND],
  }),
  getAcl: route({
    id: "getAcl",
    method: "GET",
    path: "/api/v1/buckets/{bucket}/acl",
    handler: "get-acl",
    permission: "read",
    summary: "Get bucket ACL",
    description: "The bucket's owner and grants, in S3's Owner/Grants structure.",
    successStatus: 200,
    params: BucketParams,
    response: AclResponse,
    errors: [400, ...AUTH, 404, ...BACKEND],
  }),
  setAcl: route({
    id: "setAcl",
    method: "PUT",
    path: "/api/v1/buckets/{bucket}/acl",
    handler: "set-acl",
    permission: "admin",
    summary: "Set bucket ACL",
    description: "Replaces the bucket's access control policy (owner and full list of grants).",
    successStatus: 200,
    params: BucketParams,
    body: AclPolicy,
    response: BucketMutationResponse,
    errors: [400, ...AUTH, 404, 413, 415, ...BACKEND],
    audit: "bucket.acl.set",
  }),
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteId = keyof Routes;

export const routeList: readonly RouteSpec[] = Object.values(routes);

/** An unauthenticated route outside the bucket API (documentation), wired like the others. */
export interface PublicRouteSpec {
  readonly id: string;
  readonly method: "GET";
  readonly path: string;
  readonly handler: string;
  readonly summary: string;
  readonly public: true;
}

export const publicRoutes: readonly PublicRouteSpec[] = [
  {
    id: "openapiDocument",
    method: "GET",
    path: "/api/v1/openapi.json",
    handler: "openapi-json",
    summary: "OpenAPI 3.1 document of this API",
    public: true,
  },
  {
    id: "docs",
    method: "GET",
    path: "/api/v1/docs",
    handler: "docs",
    summary: "Interactive API reference (Swagger UI)",
    public: true,
  },
  {
    id: "docsAsset",
    method: "GET",
    path: "/api/v1/docs/{asset}",
    handler: "docs-asset",
    summary: "Static asset of the API reference page",
    public: true,
  },
];

/** Every HTTP route the deployment serves: what infra and the local server wire. */
export type HttpRoute = RouteSpec | PublicRouteSpec;
export const httpRoutes: readonly HttpRoute[] = [...routeList, ...publicRoutes];
