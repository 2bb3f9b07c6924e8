import type * as z from "zod/mini";
import type { OperationSpec, PublicRouteSpec, RouteSpec } from "./routes/route-spec";
import {
  AclResponse,
  BucketMutationResponse,
  BucketVersioningResponse,
  ListBucketsResponse,
  ListObjectsResponse,
  ListVersionsResponse,
  MeResponse,
  VersioningMutationResponse,
} from "./schemas/responses";
import { listBuckets } from "./routes/list-buckets";
import { createBucket } from "./routes/create-bucket";
import { headBucket } from "./routes/head-bucket";
import { deleteBucket } from "./routes/delete-bucket";
import { getVersioning } from "./routes/get-versioning";
import { setVersioning } from "./routes/set-versioning";
import { listVersions } from "./routes/list-versions";
import { listObjects } from "./routes/list-objects";
import { getAcl } from "./routes/get-acl";
import { setAcl } from "./routes/set-acl";
import { me } from "./routes/me";
import { publicRoutes } from "./routes/public";

export type { HttpMethod, OperationSpec, PublicRouteSpec, RouteSpec } from "./routes/route-spec";
export { publicRoutes };

function withResponse<const O extends OperationSpec, const S extends z.ZodMiniType | undefined>(operation: O, response: S) {
  return { ...operation, response } as O & { readonly response: S };
}

/**
 * The API's operations, each declared once in its own module under routes/ (so a handler bundles
 * only its own route and request schemas) with its response schema attached here: infra, the
 * local server, the OpenAPI document and the tests all read them from here.
 */
export const routes = {
  listBuckets: withResponse(listBuckets, ListBucketsResponse),
  createBucket: withResponse(createBucket, BucketMutationResponse),
  headBucket: withResponse(headBucket, undefined),
  deleteBucket: withResponse(deleteBucket, BucketMutationResponse),
  getVersioning: withResponse(getVersioning, BucketVersioningResponse),
  setVersioning: withResponse(setVersioning, VersioningMutationResponse),
  listVersions: withResponse(listVersions, ListVersionsResponse),
  listObjects: withResponse(listObjects, ListObjectsResponse),
  getAcl: withResponse(getAcl, AclResponse),
  setAcl: withResponse(setAcl, BucketMutationResponse),
  me: withResponse(me, MeResponse),
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteId = keyof Routes;

export const routeList: readonly RouteSpec[] = Object.values(routes);

/** Every HTTP route the deployment serves: what infra and the local server wire. */
export type HttpRoute = RouteSpec | PublicRouteSpec;
export const httpRoutes: readonly HttpRoute[] = [...routeList, ...publicRoutes];
