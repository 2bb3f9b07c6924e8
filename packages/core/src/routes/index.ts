import type * as z from "zod/mini";
import type { OperationSpec, PublicRouteSpec, RouteSpec } from "./route-spec";
import {
  AclResponse,
  BucketMutationResponse,
  BucketVersioningResponse,
  DeleteBucketResponse,
  ForceDeleteProgress,
  ListUploadsResponse,
  ListBucketsResponse,
  ListObjectsResponse,
  ListVersionsResponse,
  MeResponse,
  VersioningMutationResponse,
} from "../schemas/responses";
import { listBuckets } from "./list-buckets";
import { createBucket } from "./create-bucket";
import { headBucket } from "./head-bucket";
import { deleteBucket } from "./delete-bucket";
import { getVersioning } from "./get-versioning";
import { setVersioning } from "./set-versioning";
import { listVersions } from "./list-versions";
import { listObjects } from "./list-objects";
import { getAcl } from "./get-acl";
import { setAcl } from "./set-acl";
import { me } from "./me";
import { listUploads } from "./list-uploads";
import { publicRoutes } from "./public";

export type { HttpMethod, OperationSpec, PublicRouteSpec, RouteSpec } from "./route-spec";
export { publicRoutes };

function withResponse<const O extends OperationSpec, const S extends z.ZodMiniType | undefined>(operation: O, response: S) {
  return { ...operation, response } as O & { readonly response: S };
}

function withResponses<const O extends OperationSpec, const S extends z.ZodMiniType, const A extends Partial<Record<202, z.ZodMiniType>>>(
  operation: O,
  response: S,
  otherResponses: A,
) {
  return { ...operation, response, otherResponses } as O & { readonly response: S; readonly otherResponses: A };
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
  deleteBucket: withResponses(deleteBucket, DeleteBucketResponse, { 202: ForceDeleteProgress }),
  getVersioning: withResponse(getVersioning, BucketVersioningResponse),
  setVersioning: withResponse(setVersioning, VersioningMutationResponse),
  listVersions: withResponse(listVersions, ListVersionsResponse),
  listObjects: withResponse(listObjects, ListObjectsResponse),
  listUploads: withResponse(listUploads, ListUploadsResponse),
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
