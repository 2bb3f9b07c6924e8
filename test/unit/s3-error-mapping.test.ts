import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  HeadBucketCommand,
  NoSuchBucket,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routeList, routes } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadRouteHandlers, type LambdaHandler } from "../support/handlers";
import { headError, LEAKY_MESSAGE, networkError, s3Error, timeoutError } from "../support/s3-errors";
import { createTestIssuer, trustTestIssuer } from "../support/tokens";
import { BUCKET, caseOf, eventFor, expectErrorBody, storageRoutes } from "./route-cases";

// Credentials the container would hold; no error response may ever show them.
const SECRETS = {
  HCP_ENDPOINT: "https://tenant-secret.hcp.test.invalid",
  HCP_ACCESS_KEY_ID: "AKIDCONTAINERKEY999",
  HCP_SECRET_ACCESS_KEY: "0123456789abcdef0123456789abcdef",
};

const s3 = mockClient(S3Client);
let handlers: Map<string, LambdaHandler>;
let token: string;

beforeAll(async () => {
  for (const [name, value] of Object.entries(SECRETS)) vi.stubEnv(name, value);
  const issuer = await createTestIssuer();
  trustTestIssuer(issuer);
  token = await issuer.token("buckets:admin");
  handlers = await loadRouteHandlers();
});

afterAll(() => {
  vi.unstubAllEnvs();
});

beforeEach(() => {
  s3.reset();
});

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode, requestId: "S3REQ123" }, message: LEAKY_MESSAGE });

interface ErrorCase {
  name: string;
  error: () => Error;
  status: number;
  code: string;
  /** The detail names the bucket the request was about. */
  namesBucket: boolean;
  retryAfter?: true;
}

const GENERIC_BACKEND_DETAIL = "The storage backend returned an unexpected response";

const errorCases: ErrorCase[] = [
  { name: "NoSuchBucket (modeled)", error: () => new NoSuchBucket(meta(404)), status: 404, code: "NoSuchBucket", namesBucket: true },
  { name: "HEAD NotFound (no body)", error: () => headError(404), status: 404, code: "NoSuchBucket", namesBucket: true },
  // Ceph RGW's answer to a DeleteBucket that lost a race with another: any 404 on a bucket call means the bucket is gone.
  { name: "404 NoSuchKey on a bucket call", error: () => s3Error("NoSuchKey", 404), status: 404, code: "NoSuchBucket", namesBucket: true },
  { name: "BucketNotEmpty", error: () => s3Error("BucketNotEmpty", 409), status: 409, code: "BucketNotEmpty", namesBucket: true },
  { name: "BucketAlreadyExists (modeled)", error: () => new BucketAlreadyExists(meta(409)), status: 409, code: "BucketAlreadyExists", namesBucket: true },
  { name: "BucketAlreadyOwnedByYou (modeled)", error: () => new BucketAlreadyOwnedByYou(meta(409)), status: 409, code: "BucketAlreadyOwnedByYou", namesBucket: true },
  { name: "AccessDenied", error: () => s3Error("AccessDenied", 403), status: 403, code: "AccessDenied", namesBucket: true },
  { name: "HEAD Forbidden (no body)", error: () => headError(403), status: 403, code: "AccessDenied", namesBucket: true },
  { name: "InvalidBucketName", error: () => s3Error("InvalidBucketName", 400), status: 400, code: "InvalidBucketName", namesBucket: true },
  { name: "InvalidArgument", error: () => s3Error("InvalidArgument", 400), status: 400, code: "InvalidArgument", namesBucket: true },
  { name: "SlowDown", error: () => s3Error("SlowDown", 503), status: 503, code: "SlowDown", namesBucket: false, retryAfter: true },
  { name: "ServiceUnavailable", error: () => s3Error("ServiceUnavailable", 503), status: 503, code: "ServiceUnavailable", namesBucket: false, retryAfter: true },
  { name: "InternalError (500)", error: () => s3Error("InternalError", 500), status: 503, code: "ServiceUnavailable", namesBucket: false, retryAfter: true },
  { name: "TimeoutError", error: timeoutError, status: 504, code: "Timeout", namesBucket: false },
  { name: "ETIMEDOUT socket error", error: () => networkError("ETIMEDOUT"), status: 504, code: "Timeout", namesBucket: false },
  { name: "ECONNREFUSED", error: () => networkError("ECONNREFUSED"), status: 502, code: "Unreachable", namesBucket: false },
  { name: "ENOTFOUND", error: () => networkError("ENOTFOUND"), status: 502, code: "Unreachable", namesBucket: false },
  { name: "unknown S3 error code", error: () => s3Error("MalformedXML", 400), status: 502, code: "BackendError", namesBucket: false },
  { name: "unknown S3 server error", error: () => s3Error("NotImplemented", 501), status: 502, code: "BackendError", namesBucket: false },
  { name: "unknown non-S3 error", error: () => new TypeError(`Cannot read properties of undefined ${LEAKY_MESSAGE}`), status: 502, code: "BackendError", namesBucket: false },
];

const matrix = storageRoutes.flatMap((route) => errorCases.map((c) => [route.id, c.name, route, c] as const));

describe.each(matrix)("%s on %s", (_id, _name, route, errorCase) => {
  it(`answers ${errorCase.status} ${errorCase.code} with only {detail, code, request_id}`, async () => {
    caseOf(route).fail!(s3, errorCase.error());
    const event = eventFor(route, token);
    const res = await invoke(handlers.get(route.id), event);

    expect(res.status).toBe(errorCase.status);
    expectErrorBody(res.json, event.requestContext.requestId, errorCase.code);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-request-id"]).toBe(event.requestContext.requestId);
    if (errorCase.retryAfter) {
      expect(res.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
    } else {
      expect(res.headers["retry-after"]).toBeUndefined();
    }
    const detail = String(res.json?.detail);
    if (errorCase.namesBucket && route.params) expect(detail).toContain(`'${BUCKET}'`);
    if (errorCase.code === "BackendError") expect(detail).toBe(GENERIC_BACKEND_DETAIL);

    // nothing from the backend's answer, the SDK or the container leaks out
    const raw = JSON.stringify({ body: res.body, headers: res.headers });
    for (const leak of ["AKIDLEAKEDKEY0000", "<Error", "<?xml", "S3REQ123", "S3ServiceException", "\n    at ", "TypeError", ...Object.values(SECRETS)]) {
      expect(raw).not.toContain(leak);
    }
  });
});

describe("create on an existing bucket", () => {
  it("answers 409 when HeadBucket finds the bucket, and never calls CreateBucket", async () => {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(CreateBucketCommand).resolves({});
    const event = eventFor(routes.createBucket, token);
    const res = await invoke(handlers.get(routes.createBucket.id), event);
    expect(res.status).toBe(409);
    expectErrorBody(res.json, event.requestContext.requestId, "BucketAlreadyOwnedByYou");
    expect(s3.commandCalls(HeadBucketCommand)).toHaveLength(1);
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(0);
  });

  it.each([
    ["throttled", () => s3Error("SlowDown", 503), 503],
    ["unreachable", () => networkError("ECONNREFUSED"), 502],
  ])("does not call CreateBucket when the existence check itself fails (%s)", async (_name, error, status) => {
    s3.on(HeadBucketCommand).rejects(error());
    s3.on(CreateBucketCommand).resolves({});
    const res = await invoke(handlers.get(routes.createBucket.id), eventFor(routes.createBucket, token));
    expect(res.status).toBe(status);
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(0);
  });
});
