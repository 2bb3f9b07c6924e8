import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketAclCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  ListMultipartUploadsCommand,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { expect } from "vitest";
import { routes, type RouteId, type RouteSpec } from "@rahcp/core";
import { apiEvent, type EventOptions } from "../../kit/events";
import { headError } from "./s3-errors";

export type S3Mock = AwsClientStub<S3Client>;

export const BUCKET = "team-data-2024";

export const ACL_POLICY = {
  Owner: { ID: "owner-canonical-id", DisplayName: "tenant-admin" },
  Grants: [
    { Grantee: { Type: "CanonicalUser" as const, ID: "owner-canonical-id", DisplayName: "tenant-admin" }, Permission: "FULL_CONTROL" as const },
    { Grantee: { Type: "CanonicalUser" as const, ID: "reader-canonical-id", DisplayName: "reader" }, Permission: "READ" as const },
  ],
};

/** What every table-driven test needs to know about one route. */
export interface RouteCase {
  route: RouteSpec;
  /** The parts of a valid request besides method, path and token. */
  request: Omit<EventOptions, "method" | "routePath" | "token">;
  /** Mocks the backend answering successfully. */
  succeed(s3: S3Mock): void;
  /** Mocks the backend call that carries the operation failing with `error`; absent when it makes none. */
  fail?(s3: S3Mock, error: Error): void;
}

const bucketParams = { pathParameters: { bucket: BUCKET } };

/** One entry per declared route: the Record type makes a new route without a case a type error. */
export const routeCases: Record<RouteId, RouteCase> = {
  listBuckets: {
    route: routes.listBuckets,
    request: {},
    succeed: (s3) => s3.on(ListBucketsCommand).resolves({ Buckets: [], Owner: { ID: "o", DisplayName: "o" } }),
    fail: (s3, error) => s3.on(ListBucketsCommand).rejects(error),
  },
  createBucket: {
    route: routes.createBucket,
    request: { body: { bucket: BUCKET } },
    succeed: (s3) => {
      s3.on(HeadBucketCommand).rejects(headError(404));
      s3.on(CreateBucketCommand).resolves({ Location: `/${BUCKET}` });
    },
    fail: (s3, error) => {
      s3.on(HeadBucketCommand).rejects(headError(404));
      s3.on(CreateBucketCommand).rejects(error);
    },
  },
  headBucket: {
    route: routes.headBucket,
    request: bucketParams,
    succeed: (s3) => s3.on(HeadBucketCommand).resolves({}),
    fail: (s3, error) => s3.on(HeadBucketCommand).rejects(error),
  },
  deleteBucket: {
    route: routes.deleteBucket,
    request: bucketParams,
    succeed: (s3) => s3.on(DeleteBucketCommand).resolves({}),
    fail: (s3, error) => s3.on(DeleteBucketCommand).rejects(error),
  },
  getVersioning: {
    route: routes.getVersioning,
    request: bucketParams,
    succeed: (s3) => s3.on(GetBucketVersioningCommand).resolves({ Status: "Enabled" }),
    fail: (s3, error) => s3.on(GetBucketVersioningCommand).rejects(error),
  },
  setVersioning: {
    route: routes.setVersioning,
    request: { ...bucketParams, body: { status: "Enabled" } },
    succeed: (s3) => s3.on(PutBucketVersioningCommand).resolves({}),
    fail: (s3, error) => s3.on(PutBucketVersioningCommand).rejects(error),
  },
  listVersions: {
    route: routes.listVersions,
    request: bucketParams,
    succeed: (s3) => s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false }),
    fail: (s3, error) => s3.on(ListObjectVersionsCommand).rejects(error),
  },
  listObjects: {
    route: routes.listObjects,
    request: bucketParams,
    succeed: (s3) => s3.on(ListObjectsV2Command).resolves({ IsTruncated: false }),
    fail: (s3, error) => s3.on(ListObjectsV2Command).rejects(error),
  },
  getAcl: {
    route: routes.getAcl,
    request: bucketParams,
    succeed: (s3) => s3.on(GetBucketAclCommand).resolves({ Owner: ACL_POLICY.Owner, Grants: ACL_POLICY.Grants }),
    fail: (s3, error) => s3.on(GetBucketAclCommand).rejects(error),
  },
  setAcl: {
    route: routes.setAcl,
    request: { ...bucketParams, body: ACL_POLICY },
    // The owner is read first: a policy naming another owner is refused before anything is written.
    succeed: (s3) => {
      s3.on(GetBucketAclCommand).resolves({ Owner: ACL_POLICY.Owner, Grants: ACL_POLICY.Grants });
      s3.on(PutBucketAclCommand).resolves({});
    },
    fail: (s3, error) => {
      s3.on(GetBucketAclCommand).resolves({ Owner: ACL_POLICY.Owner, Grants: ACL_POLICY.Grants });
      s3.on(PutBucketAclCommand).rejects(error);
    },
  },
  listUploads: {
    route: routes.listUploads,
    request: bucketParams,
    succeed: (s3) => s3.on(ListMultipartUploadsCommand).resolves({ IsTruncated: false }),
    fail: (s3, error) => s3.on(ListMultipartUploadsCommand).rejects(error),
  },
  me: {
    route: routes.me,
    request: {},
    succeed: () => undefined, // answers from the token alone
  },
};

/** Routes that call the storage backend (the others answer from the token). */
export const storageRoutes: readonly RouteSpec[] = Object.values(routeCases).filter((c) => c.fail).map((c) => c.route);

export function caseOf(route: RouteSpec): RouteCase {
  const found = routeCases[route.id as RouteId];
  if (!found) throw new Error(`no test case for route ${route.id}`);
  return found;
}

/** A valid event for `route`; `overrides` replace parts of the request (headers are merged). */
export function eventFor(route: RouteSpec, token: string | undefined, overrides: Partial<EventOptions> = {}) {
  const { request } = caseOf(route);
  return apiEvent({
    method: route.method,
    routePath: route.path,
    ...(token === undefined ? {} : { token }),
    ...request,
    ...overrides,
    headers: { ...request.headers, ...overrides.headers },
  });
}

/** The exact error body shape: detail, code and request_id (the event's), nothing else. */
export function expectErrorBody(json: Record<string, unknown> | undefined, requestId: string, code?: string): void {
  expect(json && Object.keys(json).sort()).toEqual(["code", "detail", "request_id"]);
  expect(json?.request_id).toBe(requestId);
  expect(typeof json?.detail).toBe("string");
  if (code !== undefined) expect(json?.code).toBe(code);
}
