import { routes, type RouteSpec } from "@rahcp/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { apiEvent } from "../../kit/events";

/**
 * The API's operations as the benchmark exercises them: which function and bare-SDK baseline
 * serve each one, and the request it is timed with. Requests only target buckets named from the
 * run's prefix, so a run cleans up after itself and never touches anything else on the backend.
 */
export type OperationId = keyof typeof routes;

export const OPERATIONS = Object.keys(routes) as OperationId[];

export interface Fixture {
  /** Names of every bucket this run creates start with it. */
  prefix: string;
  /** An existing bucket (with a few object versions on RGW) for the read and settings calls. */
  bucket: string;
  /** Canonical id of the bucket owner (for a valid ACL body). */
  ownerId: string;
  /** A token with every scope. */
  token: string;
}

/** Create names a bucket that must not exist, delete one that must; the others use the fixture bucket. */
export type BucketNeed = "absent" | "present" | "fixture";

export function bucketNeed(op: OperationId): BucketNeed {
  if (op === "createBucket") return "absent";
  if (op === "deleteBucket") return "present";
  return "fixture";
}

export function handlerOf(op: OperationId): string {
  return routes[op].handler;
}

/** Bucket name of one invocation: `slot` (e.g. "cf3") makes create/delete targets unique. */
export function bucketFor(op: OperationId, fixture: Fixture, slot: string): string {
  const need = bucketNeed(op);
  if (need === "fixture") return fixture.bucket;
  return `${fixture.prefix}-${need === "absent" ? "new" : "old"}-${slot}`;
}

function acl(ownerId: string) {
  return {
    Owner: { ID: ownerId },
    Grants: [{ Grantee: { Type: "CanonicalUser", ID: ownerId }, Permission: "FULL_CONTROL" }],
  };
}

function body(op: OperationId, fixture: Fixture, bucket: string, slot: string): unknown {
  if (op === "createBucket") return { bucket };
  if (op === "setVersioning") return { status: slot.endsWith("1") || slot.endsWith("3") ? "Suspended" : "Enabled" };
  if (op === "setAcl") return acl(fixture.ownerId);
  return undefined;
}

/** The API Gateway event of one invocation (a fresh object: middy mutates what it is given). */
export function eventFor(op: OperationId, fixture: Fixture, slot: string): APIGatewayProxyEventV2 {
  const route: RouteSpec = routes[op];
  const bucket = bucketFor(op, fixture, slot);
  const payload = body(op, fixture, bucket, slot);
  return apiEvent({
    method: route.method,
    routePath: route.path,
    ...(route.path.includes("{bucket}") ? { pathParameters: { bucket } } : {}),
    ...(payload === undefined ? {} : { body: payload }),
    token: fixture.token,
  });
}

export function successStatus(op: OperationId): number {
  return routes[op].successStatus;
}
