import { readFileSync } from "node:fs";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketAclCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { endpoint, parsePolicy, routeList, routes, useAccessPolicy, type RouteSpec } from "@rahcp/core";
import { ERROR_CODE_NAMES, ERROR_CODES, errorCodesOf, type ErrorCode } from "@rahcp/core/http/error-codes";
import { generateOpenApiDocument } from "@rahcp/openapi";
import { handlerSuite } from "../support/handler-suite";
import { apiEvent, invoke } from "../../kit/events";
import { loadHandler } from "../support/handlers";
import { headError, networkError, s3Error, timeoutError } from "../support/s3-errors";
import { ACL_POLICY, BUCKET, eventFor } from "../support/route-cases";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { rawRequest } from "../support/loopback";

/**
 * Every code in ERROR_CODES (packages/core/src/http/error-codes.ts) is answered by the running code
 * (one scenario each, through the real handlers or the local server), with the status the table
 * declares; the OpenAPI document and the README list exactly those codes.
 */

// The documentation assets are read from swagger-ui-dist; "not installed" is simulated by failing that read
// (test/openapi/function-bundles.test.ts shows it for a real bundle without the package).
vi.mock("@rahcp/functions/src/docs-asset-catalog", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@rahcp/functions/src/docs-asset-catalog")>()),
  docsAsset: () => {
    throw new Error("Cannot find module 'swagger-ui-dist/swagger-ui.css'");
  },
}));

// One attempt per backend call: the retry policy is tested elsewhere, here only the mapping counts.
const suite = handlerSuite({ tenants: ["archive"], env: { S3_MAX_ATTEMPTS: "1" } });
const { s3 } = suite;
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

let api: LocalApi;

beforeAll(async () => {
  api = await startLocalApi();
});

afterAll(async () => {
  await api?.close();
});

beforeEach(() => {
  useAccessPolicy(undefined);
  s3.on(HeadBucketCommand).rejects(headError(404)); // create checks the name first
  s3.on(GetBucketAclCommand).resolves({ Owner: ACL_POLICY.Owner, Grants: ACL_POLICY.Grants });
});

interface Answer {
  status: number;
  code: unknown;
  /** The operation that answered, when it was one. */
  route?: RouteSpec;
}

/** `token` null: a request without one. */
async function call(route: RouteSpec, overrides: Parameters<typeof eventFor>[2] = {}, token: string | null = suite.admin): Promise<Answer> {
  const event = eventFor(route, token ?? undefined, overrides);
  const res = await suite.invoke(route, { ...event, requestContext: { ...event.requestContext, requestId: "req-1" } });
  expect(res.json).toEqual({ detail: expect.any(String), code: expect.any(String), request_id: "req-1" });
  return { status: res.status, code: res.json?.["code"], route };
}

async function local(head: string): Promise<Answer> {
  const res = await rawRequest(api.server.port, head);
  return { status: res.status, code: (JSON.parse(res.body.toString()) as { code?: unknown }).code };
}

async function docsAsset(name: string): Promise<Answer> {
  const handler = await loadHandler({ handler: "docs-asset" });
  const res = await invoke(handler, apiEvent({ method: "GET", routePath: "/api/v1/docs/{asset}", pathParameters: { asset: name } }));
  return { status: res.status, code: res.json?.["code"] };
}

const create = routes.createBucket;
const withPublicGrant = { ...ACL_POLICY, Grants: [...ACL_POLICY.Grants, { Grantee: { Type: "Group", URI: ALL_USERS }, Permission: "READ" }] };

/** One way to make the API answer each code: the Record type makes a new code without a scenario a type error. */
const scenarios: Record<ErrorCode, () => Promise<Answer>> = {
  ValidationError: () => call(routes.headBucket, { pathParameters: { bucket: "Not_A_Bucket" } }),
  MalformedJson: () => call(create, { body: '{"bucket": ' }),
  MissingBody: () => call(create, { body: "" }),
  InvalidBucketName: () => {
    s3.on(CreateBucketCommand).rejects(s3Error("InvalidBucketName", 400));
    return call(create);
  },
  InvalidArgument: () => {
    s3.on(GetBucketAclCommand).rejects(s3Error("InvalidArgument", 400));
    return call(routes.getAcl);
  },
  AclOwnerMismatch: () => call(routes.setAcl, { body: { ...ACL_POLICY, Owner: { ID: "someone-else" } } }),
  Unauthorized: () => call(routes.listBuckets, {}, null),
  InsufficientScope: async () => call(create, {}, await suite.issuer.token("buckets:read")),
  UnknownTenant: async () => call(routes.listBuckets, {}, await suite.issuer.sign({ tenant: "nowhere" })),
  BucketAccessDenied: () => {
    useAccessPolicy(parsePolicy({ rules: [{ id: "other", who: { sub: "test-user" }, tenant: "*", buckets: ["other-*"], allow: ["read"] }] }, "t.yaml"));
    return call(routes.getVersioning);
  },
  PublicAclBlocked: () => call(routes.setAcl, { body: withPublicGrant }),
  AccessDenied: () => {
    s3.on(GetBucketVersioningCommand).rejects(s3Error("AccessDenied", 403));
    return call(routes.getVersioning);
  },
  NoSuchBucket: () => {
    s3.on(GetBucketVersioningCommand).rejects(s3Error("NoSuchBucket", 404));
    return call(routes.getVersioning);
  },
  NotFound: () => docsAsset("no-such-file.js"),
  RouteNotFound: () => local("GET /api/v1/nothing-here HTTP/1.1\r\nHost: localhost"),
  MethodNotAllowed: () => local("PATCH /api/v1/buckets HTTP/1.1\r\nHost: localhost"),
  BucketAlreadyExists: () => {
    s3.on(CreateBucketCommand).rejects(s3Error("BucketAlreadyExists", 409));
    return call(create);
  },
  BucketAlreadyOwnedByYou: () => {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(CreateBucketCommand).rejects(s3Error("BucketAlreadyOwnedByYou", 409));
    return call(create);
  },
  BucketNotEmpty: () => {
    s3.on(DeleteBucketCommand).rejects(s3Error("BucketNotEmpty", 409));
    return call(routes.deleteBucket);
  },
  PayloadTooLarge: () => call(create, { body: JSON.stringify({ bucket: BUCKET, padding: "x".repeat(70_000) }) }),
  UnsupportedMediaType: () => call(create, { headers: { "content-type": "text/plain" } }),
  InternalError: async () => {
    const buggy = endpoint(routes.me, async () => {
      throw new TypeError("Cannot read properties of undefined");
    });
    const res = await invoke(buggy, eventFor(routes.me, suite.admin));
    return { status: res.status, code: res.json?.["code"], route: routes.me };
  },
  ServerMisconfigured: () => {
    vi.stubEnv("ALLOW_PUBLIC_ACL", "sometimes");
    return call(routes.setAcl).finally(() => vi.stubEnv("ALLOW_PUBLIC_ACL", undefined));
  },
  DocsAssetsMissing: () => docsAsset("swagger-ui.css"),
  Unreachable: () => {
    s3.on(ListBucketsCommand).rejects(networkError("ECONNREFUSED"));
    return call(routes.listBuckets);
  },
  BackendError: () => {
    s3.on(ListBucketsCommand).rejects(s3Error("NotImplementedHere", 418));
    return call(routes.listBuckets);
  },
  SlowDown: () => {
    s3.on(ListBucketsCommand).rejects(s3Error("SlowDown", 503));
    return call(routes.listBuckets);
  },
  ServiceUnavailable: () => {
    s3.on(ListBucketsCommand).rejects(s3Error("ServiceUnavailable", 503));
    return call(routes.listBuckets);
  },
  Timeout: () => {
    s3.on(ListBucketsCommand).rejects(timeoutError());
    return call(routes.listBuckets);
  },
};

const document = generateOpenApiDocument();

function documentedCodes(route: RouteSpec, status: number): string[] {
  const response = (document.paths[route.path]?.[route.method.toLowerCase()]?.["responses"] as Record<string, { description: string }>)[String(status)];
  return [...(response?.description ?? "").matchAll(/^- `(\w+)`:/gm)].map((m) => m[1]!);
}

describe("every error code", () => {
  it.each(ERROR_CODE_NAMES.map((code) => [code, ERROR_CODES[code].status] as const))("%s is answered, with status %i", async (code, status) => {
    const answer = await scenarios[code]();
    expect(answer).toMatchObject({ status, code });
    if (answer.route) {
      expect(errorCodesOf(answer.route), `ERROR_CODES says ${answer.route.id} cannot answer ${code}`).toContain(code);
      expect(documentedCodes(answer.route, status), `the document's ${status} of ${answer.route.id}`).toContain(code);
    }
  });
});

describe("the documentation of the codes", () => {
  it("the OpenAPI document's ErrorResponse.code enum is exactly the declared codes", () => {
    const schema = document.components.schemas["ErrorResponse"] as { properties: { code: { enum: string[] } } };
    expect(schema.properties.code.enum).toEqual(ERROR_CODE_NAMES);
  });

  it.each(routeList.map((r) => [r.id, r] as const))("%s documents each status with exactly the codes it can answer", (_id, route) => {
    const codes = errorCodesOf(route);
    const statuses = [...new Set(codes.map((code) => ERROR_CODES[code].status))].sort();
    expect([...route.errors].sort(), "the route's declared error statuses").toEqual(statuses);
    for (const status of route.errors) {
      expect(documentedCodes(route, status), `${status}`).toEqual(codes.filter((code) => ERROR_CODES[code].status === status));
    }
  });

  it("the README's error table lists each status with exactly its codes", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### Errors"), readme.indexOf("### Permissions"));
    const rows = [...section.matchAll(/^\| (\d{3}) \| (.+?) \|/gm)].map(([, status, cell]) => [Number(status), [...cell!.matchAll(/`(\w+)`/g)].map((m) => m[1]!)] as const);
    const expected = new Map<number, string[]>();
    for (const code of ERROR_CODE_NAMES) expected.set(ERROR_CODES[code].status, [...(expected.get(ERROR_CODES[code].status) ?? []), code]);
    expect(new Map(rows.map(([status, codes]) => [status, codes.filter((c) => c !== "WWW-Authenticate" && c !== "Allow" && c !== "Retry-After")]))).toEqual(expected);
  });
});
