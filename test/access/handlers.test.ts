import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parsePolicy, routes, useAccessPolicy, type RouteSpec } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadRouteHandlers, type LambdaHandler } from "../support/handlers";
import { useMockedTenants } from "../support/tenants";
import { createTestIssuer, trustTestIssuer, type TestIssuer } from "../support/tokens";
import { caseOf, eventFor, expectErrorBody, storageRoutes } from "../unit/route-cases";

/**
 * The access model at the handler: tenant from the token, grants from the policy, all decided
 * before any S3 call (the mocked client counts them), misconfiguration never failing open.
 */

const s3 = mockClient(S3Client);
let handlers: Map<string, LambdaHandler>;
let issuer: TestIssuer;

const POLICY = parsePolicy(
  {
    rules: [
      { id: "admins", who: { group: "archive-admins" }, tenant: "*", buckets: ["*"], allow: ["admin"] },
      { id: "team-a-rw", who: { group: "team-a" }, tenant: "archive", buckets: ["team-a-*"], allow: ["read", "write"] },
    ],
  },
  "handlers-test.yaml",
);

const bucketRoutes = storageRoutes.filter((route) => route.bucket !== undefined);

function send(route: RouteSpec, token: string, overrides: Parameters<typeof eventFor>[2] = {}) {
  const event = eventFor(route, token, overrides);
  return invoke(handlers.get(route.id), event).then((res) => ({ event, res }));
}

/** A team-a token for `tenant` (null: without the tenant claim). */
const teamA = (scope = "buckets:admin", tenant: string | null = "archive") =>
  issuer.sign({ scope, groups: ["team-a"], ...(tenant === null ? {} : { tenant }) });

beforeAll(async () => {
  issuer = await createTestIssuer();
  handlers = await loadRouteHandlers();
});

beforeEach(() => {
  trustTestIssuer(issuer);
  useMockedTenants("archive", "research");
  useAccessPolicy(POLICY);
  s3.reset();
});

describe("bucket grants", () => {
  it.each(bucketRoutes.map((r) => [r.id, r] as const))("%s outside the caller's grants: 403 BucketAccessDenied, no backend call", async (_id, route) => {
    caseOf(route).succeed(s3);
    const name = "team-b-data";
    const overrides = route.bucket === "body" ? { body: { bucket: name } } : { pathParameters: { bucket: name } };
    const { event, res } = await send(route, await teamA(), overrides);
    expect(res.status).toBe(403);
    expectErrorBody(res.json, event.requestContext.requestId, "BucketAccessDenied");
    expect(res.json?.detail).toBe(`'${route.permission}' is not granted on bucket '${name}' in tenant 'archive'`);
    expect(s3.calls()).toHaveLength(0);
  });

  it.each(bucketRoutes.filter((r) => r.permission !== "admin").map((r) => [r.id, r] as const))("%s inside the grants goes through", async (_id, route) => {
    caseOf(route).succeed(s3);
    const name = "team-a-data";
    const overrides = route.bucket === "body" ? { body: { bucket: name } } : { pathParameters: { bucket: name } };
    expect((await send(route, await teamA(), overrides)).res.status).toBe(route.successStatus);
    expect(s3.calls().length).toBeGreaterThan(0);
  });

  it("the policy narrows the scopes, never widens them: admin scope, team-a rule, no ACL change", async () => {
    caseOf(routes.setAcl).succeed(s3);
    const { res } = await send(routes.setAcl, await teamA(), { pathParameters: { bucket: "team-a-data" } });
    expect(res.status).toBe(403);
    expect(res.json?.code).toBe("BucketAccessDenied");
    const reader = await issuer.sign({ scope: "buckets:read", groups: ["archive-admins"], tenant: "archive" });
    expect((await send(routes.setVersioning, reader, { pathParameters: { bucket: "x-y-z" } })).res.json?.code).toBe("InsufficientScope");
  });

  it("the same bucket name is refused in a tenant the rule does not name", async () => {
    caseOf(routes.headBucket).succeed(s3);
    const { res } = await send(routes.headBucket, await teamA("buckets:read", "research"), { pathParameters: { bucket: "team-a-data" } });
    expect(res.status).toBe(403);
    expect(res.json?.detail).toBe("'read' is not granted on bucket 'team-a-data' in tenant 'research'");
    expect(s3.calls()).toHaveLength(0);
  });

  it("without a policy, scopes alone decide (today's behaviour)", async () => {
    useAccessPolicy(undefined);
    caseOf(routes.deleteBucket).succeed(s3);
    expect((await send(routes.deleteBucket, await teamA("buckets:write"), { pathParameters: { bucket: "team-b-data" } })).res.status).toBe(200);
  });
});

describe("tenants", () => {
  it("a token naming an unknown tenant gets 403 UnknownTenant, for every route, with no backend call", async () => {
    for (const route of storageRoutes) {
      caseOf(route).succeed(s3);
      const { event, res } = await send(route, await issuer.sign({ groups: ["archive-admins"], tenant: "finance" }));
      expect(res.status, route.id).toBe(403);
      if (route.method !== "HEAD") expectErrorBody(res.json, event.requestContext.requestId, "UnknownTenant");
    }
    expect(s3.calls()).toHaveLength(0);
  });

  it("a token without the claim, where two tenants are served, is refused too", async () => {
    const { res } = await send(routes.listBuckets, await teamA("buckets:read", null));
    expect(res.status).toBe(403);
    expect(res.json?.detail).toBe("The token has no 'tenant' claim, and this API serves several tenants: the claim must name one");
  });

  it("each tenant's calls go to that tenant's endpoint", async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    await send(routes.listBuckets, await issuer.sign({ groups: ["archive-admins"], tenant: "research" }));
    await send(routes.listBuckets, await issuer.sign({ groups: ["archive-admins"], tenant: "archive" }));
    const endpoints = await Promise.all(s3.calls().map(async (call) => {
      const client = call.thisValue as S3Client;
      return (await client.config.endpoint!()).hostname;
    }));
    expect(endpoints).toEqual(["research.hcp.test.invalid", "archive.hcp.test.invalid"]);
  });
});

describe("GET /api/v1/buckets with a policy", () => {
  const names = ["shared", "team-a-1", "team-a-2", "team-a-3", "team-b-1", "team-a-4"];
  beforeEach(() => {
    s3.on(ListBucketsCommand).resolves({ Buckets: names.map((Name) => ({ Name, CreationDate: new Date(0) })), Owner: { ID: "o", DisplayName: "o" } });
  });
  const list = async (query?: Record<string, string>) => (await send(routes.listBuckets, await teamA("buckets:read"), query ? { query } : {})).res;

  it("lists only the buckets the caller may read, in name order", async () => {
    const res = await list();
    expect((res.json?.buckets as { name: string }[]).map((b) => b.name)).toEqual(["team-a-1", "team-a-2", "team-a-3", "team-a-4"]);
    expect(res.json).toMatchObject({ is_truncated: false, next_continuation_token: null, owner: { id: "o" } });
  });

  it("pages with max_buckets and continuation_token, and filters by prefix", async () => {
    const first = await list({ max_buckets: "3" });
    expect((first.json?.buckets as { name: string }[]).map((b) => b.name)).toEqual(["team-a-1", "team-a-2", "team-a-3"]);
    expect(first.json?.is_truncated).toBe(true);
    const second = await list({ max_buckets: "3", continuation_token: String(first.json?.next_continuation_token) });
    expect((second.json?.buckets as { name: string }[]).map((b) => b.name)).toEqual(["team-a-4"]);
    expect(second.json).toMatchObject({ is_truncated: false, next_continuation_token: null });
    expect(((await list({ prefix: "team-a-3" })).json?.buckets as unknown[]).length).toBe(1);
  });

  it.each([
    [{ continuation_token: "not-ours" }, "Invalid query parameter 'continuation_token': not a token this API issued"],
    [{ max_buckets: "0" }, "Invalid query parameter 'max_buckets': must be an integer from 1 to 1000"],
    [{ prefix: "x".repeat(64) }, expect.stringContaining("prefix")],
  ])("refuses bad paging input %j with 400", async (query, detail) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.json?.detail).toEqual(detail);
  });
});

describe("GET /api/v1/me", () => {
  it("answers who the caller is and what it may do, never the token, with no backend call", async () => {
    const token = await issuer.sign({ scope: "buckets:write openid", groups: ["team-a"], tenant: "archive", client_id: "cli" });
    const { res } = await send(routes.me, token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      sub: "test-user",
      tenant: "archive",
      groups: ["team-a"],
      client_id: "cli",
      scopes: ["buckets:write", "openid"],
      permissions: ["read", "write"],
      policy: true,
      grants: [{ tenant: "archive", buckets: ["team-a-*"], allow: ["read", "write"], rule: "team-a-rw" }],
    });
    expect(res.body).not.toContain(token.split(".")[2]!);
    expect(s3.calls()).toHaveLength(0);
  });
});
