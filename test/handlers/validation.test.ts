import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { routeList, routes, type RouteSpec } from "@rahcp/core";
import type { EventOptions } from "../../kit/events";
import { handlerSuite } from "../support/handler-suite";
import { ACL_POLICY, caseOf, eventFor, expectErrorBody } from "../support/route-cases";

const suite = handlerSuite();
const { s3 } = suite;

beforeEach(() => {
  // Any backend call would succeed: a 4xx below can only come from validation.
  for (const route of routeList) caseOf(route).succeed(s3);
});

/** Sends a request that must be refused before reaching S3; returns the parsed error. */
async function rejected(route: RouteSpec, overrides: Partial<EventOptions>, status: number, code: string) {
  const event = eventFor(route, suite.admin, overrides);
  return rejectedEvent(route, event, status, code);
}

async function rejectedEvent(route: RouteSpec, event: ReturnType<typeof eventFor>, status: number, code: string) {
  const res = await suite.invoke(route, event);
  expect(res.status).toBe(status);
  expectErrorBody(res.json, event.requestContext.requestId, code);
  expect(s3.calls()).toHaveLength(0);
  return String(res.json?.detail);
}

async function accepted(route: RouteSpec, overrides: Partial<EventOptions>) {
  caseOf(route).succeed(s3); // this route's own answers win over the other routes' mocks
  const res = await suite.invoke(route, eventFor(route, suite.admin, overrides));
  expect(res.status).toBe(route.successStatus);
  return res;
}

const routesWithBucketParam = routeList.filter((route) => route.params);
const routesWithBody = routeList.filter((route) => route.body);

// One name per naming rule, with the words the 400's detail must use to explain it. HCP's rules are the default.
const invalidNames: [rule: string, name: string, reason: RegExp][] = [
  ["too short", "ab", /between 3 and 63/],
  ["too long", "a".repeat(64), /between 3 and 63/],
  ["uppercase", "MyBucket", /lowercase letters, digits and '-'$/],
  ["underscore", "my_bucket", /lowercase letters, digits and '-'$/],
  ["space", "my bucket", /lowercase letters, digits and '-'$/],
  ["non-ASCII", "bücket", /lowercase letters, digits and '-'$/],
  ["a period (S3 allows it, HCP does not)", "team-data.2024", /lowercase letters, digits and '-' \(HCP bucket names have no '\.'\)/],
  ["an IP address", "192.168.1.10", /no '\.'/],
  ["leading dash", "-bucket", /begin and end/],
  ["trailing dash", "bucket-", /begin and end/],
  ["xn-- prefix", "xn--bucket", /xn--/],
];
// HCP reserves none of S3's other prefixes and suffixes.
const validNames = ["abc", "a".repeat(63), "my-bucket-1", "0-9", "a--b", "xn-bucket", "sthree-bucket", "bucket-s3alias", "bucket--ol-s3"];

// With BUCKET_NAME_RULES=s3: S3's general purpose bucket rules.
const invalidS3Names: [rule: string, name: string, reason: RegExp][] = [
  ["uppercase", "MyBucket", /lowercase letters, digits, '\.' and '-'/],
  ["leading period", ".bucket", /begin and end/],
  ["two adjacent periods", "my..bucket", /adjacent periods/],
  ["IP address", "192.168.1.10", /IP address/],
  ["xn-- prefix", "xn--bucket", /xn--/],
  ["sthree- prefix", "sthree-bucket", /sthree-/],
  ["-s3alias suffix", "bucket-s3alias", /-s3alias/],
  ["--ol-s3 suffix", "bucket--ol-s3", /--ol-s3/],
];
const validS3Names = ["abc", "my.bucket-1", "team-data.2024", "1.2.3", "192.168.1.10.5", "xn-bucket", "s3alias-bucket"];

describe("bucket names in the path", () => {
  const cases = routesWithBucketParam.flatMap((route) => invalidNames.map(([rule, name, reason]) => [route.id, rule, route, name, reason] as const));
  it.each(cases)("%s refuses a name that breaks the rule: %s", async (_id, _rule, route, name, reason) => {
    const detail = await rejected(route, { pathParameters: { bucket: name } }, 400, "ValidationError");
    expect(detail).toContain("'bucket'");
    expect(detail).toMatch(reason);
  });

  it.each(validNames)("accepts the valid name %s", async (name) => {
    await accepted(routes.headBucket, { pathParameters: { bucket: name } });
    expect(s3.calls()[0]!.args[0].input).toEqual({ Bucket: name });
  });

  it.each(routesWithBucketParam.map((r) => [r.id, r] as const))("%s refuses a request without the path parameter", async (_id, route) => {
    const event = eventFor(route, suite.admin);
    delete event.pathParameters;
    const detail = await rejectedEvent(route, event, 400, "ValidationError");
    expect(detail).toContain("'bucket'");
  });
});

describe("bucket names with BUCKET_NAME_RULES=s3", () => {
  beforeEach(() => void vi.stubEnv("BUCKET_NAME_RULES", "s3"));
  afterEach(() => void vi.unstubAllEnvs());

  it.each(invalidS3Names)("refuses a name that breaks S3's rule: %s", async (_rule, name, reason) => {
    const detail = await rejected(routes.headBucket, { pathParameters: { bucket: name } }, 400, "ValidationError");
    expect(detail).toMatch(reason);
    expect(await rejected(routes.createBucket, { body: { bucket: name } }, 400, "ValidationError")).toMatch(reason);
  });

  it.each(validS3Names)("accepts %s", async (name) => {
    await accepted(routes.headBucket, { pathParameters: { bucket: name } });
    expect(s3.calls()[0]!.args[0].input).toEqual({ Bucket: name });
  });

  it("BUCKET_NAME_RULES=hcp is the default spelled out", async () => {
    vi.stubEnv("BUCKET_NAME_RULES", "hcp");
    await rejected(routes.headBucket, { pathParameters: { bucket: "team-data.2024" } }, 400, "ValidationError");
  });

  it("an unknown value answers 500 ServerMisconfigured and never reaches the backend (no fail-open)", async () => {
    vi.stubEnv("BUCKET_NAME_RULES", "anything-goes");
    const detail = await rejected(routes.headBucket, { pathParameters: { bucket: "Not.Valid" } }, 500, "ServerMisconfigured");
    expect(detail).not.toContain("anything-goes");
  });
});

describe("bucket names in the create body", () => {
  it.each(invalidNames)("refuses %s", async (_rule, name, reason) => {
    const detail = await rejected(routes.createBucket, { body: { bucket: name } }, 400, "ValidationError");
    expect(detail).toContain("'bucket'");
    expect(detail).toMatch(reason);
  });

  it.each(validNames)("accepts %s", async (name) => {
    const res = await accepted(routes.createBucket, { body: { bucket: name } });
    expect(res.json).toEqual({ status: "created", bucket: name });
  });

  it.each([
    ["missing", {}, /Missing request body field 'bucket'/],
    ["a number", { bucket: 123 }, /'bucket'/],
    ["null", { bucket: null }, /'bucket'/],
  ])("refuses a bucket field that is %s", async (_name, body, reason) => {
    expect(await rejected(routes.createBucket, { body }, 400, "ValidationError")).toMatch(reason);
  });
});

describe.each(routesWithBody.map((r) => [r.id, r] as const))("%s request body", (_id, route) => {
  const validBody = caseOf(route).request.body as Record<string, unknown>;

  it("accepts the valid body (also with a charset in the content type)", async () => {
    await accepted(route, { headers: { "content-type": "application/json; charset=utf-8" } });
  });

  it("refuses an unknown field and names it", async () => {
    const detail = await rejected(route, { body: { ...validBody, surprise: true } }, 400, "ValidationError");
    expect(detail).toContain("'surprise'");
  });

  it("refuses malformed JSON with MalformedJson", async () => {
    const detail = await rejected(route, { body: '{"bucket": "abc",' }, 400, "MalformedJson");
    expect(detail).not.toContain("abc"); // the body is not echoed back
  });

  it("refuses a prototype-polluting body", async () => {
    await rejected(route, { body: '{"__proto__": {"admin": true}}' }, 400, "MalformedJson");
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/xml"])("refuses Content-Type %s with 415", async (contentType) => {
    const detail = await rejected(route, { headers: { "content-type": contentType } }, 415, "UnsupportedMediaType");
    expect(detail).toContain("application/json");
  });

  it("refuses a body without Content-Type with 415", async () => {
    const event = eventFor(route, suite.admin);
    delete event.headers["content-type"];
    await rejectedEvent(route, event, 415, "UnsupportedMediaType");
  });

  it("refuses a missing body", async () => {
    await rejected(route, { body: undefined }, 400, "MissingBody");
  });

  it("refuses an empty body", async () => {
    await rejected(route, { body: "" }, 400, "MissingBody");
  });

  it("refuses a body over the size limit with 413", async () => {
    const huge = JSON.stringify({ ...validBody, padding: "x".repeat(70 * 1024) });
    await rejected(route, { body: huge }, 413, "PayloadTooLarge");
  });

  it("refuses a base64-encoded body over the size limit with 413", async () => {
    const event = eventFor(route, suite.admin, { body: Buffer.from("x".repeat(70 * 1024)).toString("base64") });
    event.isBase64Encoded = true;
    await rejectedEvent(route, event, 413, "PayloadTooLarge");
  });

  it.each([
    ["an array", "[]"],
    ["a string", '"hello"'],
    ["a number", "42"],
    ["null", "null"],
  ])("refuses JSON that is %s", async (_name, body) => {
    await rejected(route, { body }, 400, "ValidationError");
  });
});

describe("versioning status", () => {
  it.each([["enabled"], ["ENABLED"], ["Disabled"], [""], [null], [1], [true]])("refuses %j", async (status) => {
    const detail = await rejected(routes.setVersioning, { body: { status } }, 400, "ValidationError");
    expect(detail).toContain("'status'");
    expect(detail).toMatch(/Enabled.*Suspended/);
  });

  it("refuses a body without status", async () => {
    expect(await rejected(routes.setVersioning, { body: {} }, 400, "ValidationError")).toContain("'status'");
  });

  it("refuses MFADelete, which the API does not offer", async () => {
    const detail = await rejected(routes.setVersioning, { body: { status: "Enabled", MFADelete: "Enabled" } }, 400, "ValidationError");
    expect(detail).toContain("'MFADelete'");
  });
});

const listRoutes = [routes.listVersions, routes.listObjects];

describe.each(listRoutes.map((r) => [r.id, r] as const))("%s query", (_id, route) => {
  it.each(["0", "1001", "abc", "1.5", "-1", "", "1e9", "1e3", "0x10", " 5", "+5", "99999999999999999999"])(
    "refuses max_keys=%j, saying what a valid one is",
    async (maxKeys) => {
      const detail = await rejected(route, { query: { max_keys: maxKeys } }, 400, "ValidationError");
      expect(detail).toBe("Invalid query parameter 'max_keys': must be an integer from 1 to 1000");
    },
  );

  it.each(["1", "007", "1000"])("accepts max_keys=%j", async (maxKeys) => {
    await accepted(route, { query: { max_keys: maxKeys } });
    expect(s3.calls()[0]!.args[0].input).toMatchObject({ MaxKeys: Number(maxKeys) });
  });

  it("refuses a parameter given twice (API Gateway joins the values with a comma) and says so", async () => {
    const event = eventFor(route, suite.admin, { query: { max_keys: "1,2" } });
    event.rawQueryString = "max_keys=1&max_keys=2";
    const detail = await rejectedEvent(route, event, 400, "ValidationError");
    expect(detail).toBe("Query parameter 'max_keys' is given 2 times; give it once");
  });

  it("refuses a repeated text parameter too, whose joined value would otherwise pass", async () => {
    const event = eventFor(route, suite.admin, { query: { prefix: "a,b" } });
    event.rawQueryString = "prefix=a&prefix=b";
    expect(await rejectedEvent(route, event, 400, "ValidationError")).toBe("Query parameter 'prefix' is given 2 times; give it once");
  });

  it("still takes a comma inside one value", async () => {
    const event = eventFor(route, suite.admin, { query: { prefix: "a,b" } });
    caseOf(route).succeed(s3);
    const res = await suite.invoke(route, event);
    expect(res.status).toBe(200);
    expect(s3.calls()[0]!.args[0].input).toMatchObject({ Prefix: "a,b" });
  });

  it("refuses an unknown query parameter and names it", async () => {
    const detail = await rejected(route, { query: { foo: "bar" } }, 400, "ValidationError");
    expect(detail).toContain("'foo'");
  });

  it("refuses S3-style parameter names, which are not the API's", async () => {
    expect(await rejected(route, { query: { MaxKeys: "5" } }, 400, "ValidationError")).toContain("'MaxKeys'");
  });

  it("refuses a prefix longer than 1024 characters", async () => {
    expect(await rejected(route, { query: { prefix: "p".repeat(1025) } }, 400, "ValidationError")).toContain("'prefix'");
  });
});

describe("ACL body", () => {
  const grant = (overrides: Record<string, unknown>) => ({ ...ACL_POLICY, Grants: [{ ...ACL_POLICY.Grants[0], ...overrides }] });
  const grantee = (value: Record<string, unknown>) => grant({ Grantee: value });

  it.each(["EVERYTHING", "read", "FULL", "", null])("refuses Permission %j", async (permission) => {
    const detail = await rejected(routes.setAcl, { body: grant({ Permission: permission }) }, 400, "ValidationError");
    expect(detail).toContain("'Grants.0.Permission'");
    expect(detail).toMatch(/FULL_CONTROL, WRITE, WRITE_ACP, READ, READ_ACP/);
  });

  it.each(["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"])("accepts Permission %s", async (permission) => {
    await accepted(routes.setAcl, { body: grant({ Permission: permission }) });
  });

  it.each([
    ["unknown type", { Type: "Robot", ID: "x" }],
    ["lower-case type", { Type: "canonicaluser", ID: "x" }],
    ["no type", { ID: "x" }],
  ])("refuses a Grantee with %s", async (_name, value) => {
    const detail = await rejected(routes.setAcl, { body: grantee(value) }, 400, "ValidationError");
    expect(detail).toContain("Grants.0.Grantee");
    expect(detail).toMatch(/CanonicalUser .*Group .*AmazonCustomerByEmail/);
  });

  it.each([
    ["CanonicalUser without ID", { Type: "CanonicalUser", DisplayName: "x" }],
    ["CanonicalUser with an empty ID", { Type: "CanonicalUser", ID: "" }],
    ["Group without URI", { Type: "Group" }],
    ["Group with a non-HTTP URI", { Type: "Group", URI: "ftp://acs.amazonaws.com/groups/global/AllUsers" }],
    ["AmazonCustomerByEmail with a bad address", { Type: "AmazonCustomerByEmail", EmailAddress: "not-an-email" }],
    ["Group with an ID it cannot carry", { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers", ID: "x" }],
  ])("refuses %s", async (_name, value) => {
    expect(await rejected(routes.setAcl, { body: grantee(value) }, 400, "ValidationError")).toContain("Grants.0.Grantee");
  });

  it("accepts an email grantee", async () => {
    await accepted(routes.setAcl, { body: grantee({ Type: "AmazonCustomerByEmail", EmailAddress: "ops@example.com" }) });
  });

  it.each([
    ["without Owner", { Grants: ACL_POLICY.Grants }, "'Owner'"],
    ["with an Owner without ID", { Owner: { DisplayName: "x" }, Grants: ACL_POLICY.Grants }, "'Owner.ID'"],
    ["without Grants", { Owner: ACL_POLICY.Owner }, "'Grants'"],
    ["with Grants that are not a list", { Owner: ACL_POLICY.Owner, Grants: { Grantee: {} } }, "'Grants'"],
    ["with more than 100 grants", { Owner: ACL_POLICY.Owner, Grants: Array.from({ length: 101 }, () => ACL_POLICY.Grants[1]) }, "'Grants'"],
    ["in GET's spelling with an owner without ID", { owner: { DisplayName: "x" }, grants: ACL_POLICY.Grants }, "'owner.ID'"],
    ["in GET's spelling with more than 100 grants", { owner: ACL_POLICY.Owner, grants: Array.from({ length: 101 }, () => ACL_POLICY.Grants[1]) }, "'grants'"],
  ])("refuses a policy %s", async (_name, body, field) => {
    expect(await rejected(routes.setAcl, { body }, 400, "ValidationError")).toContain(field);
  });

  it("accepts GET's spelling ({owner, grants}) and sets the same policy as the spec's", async () => {
    await accepted(routes.setAcl, { body: { owner: ACL_POLICY.Owner, grants: ACL_POLICY.Grants } });
    const put = s3.calls().map((c) => c.args[0].input as { AccessControlPolicy?: unknown }).find((input) => input.AccessControlPolicy);
    expect(put?.AccessControlPolicy).toEqual({ Owner: ACL_POLICY.Owner, Grants: ACL_POLICY.Grants });
  });

  it("explains a grant error in GET's spelling by GET's field names", async () => {
    const body = { owner: ACL_POLICY.Owner, grants: [{ ...ACL_POLICY.Grants[0], Permission: "EVERYTHING" }] };
    const detail = await rejected(routes.setAcl, { body }, 400, "ValidationError");
    expect(detail).toBe("Invalid request body field 'grants.0.Permission': Permission must be one of FULL_CONTROL, WRITE, WRITE_ACP, READ, READ_ACP");
  });

  it.each([
    ["both spellings mixed", { Owner: ACL_POLICY.Owner, grants: ACL_POLICY.Grants }, "Missing request body field 'Grants'; Unknown request body field 'grants'"],
    ["an empty object", {}, "Missing request body field 'Owner'; Missing request body field 'Grants'"],
  ])("refuses %s, naming the spec's fields", async (_name, body, detail) => {
    expect(await rejected(routes.setAcl, { body }, 400, "ValidationError")).toBe(detail);
  });
});

describe("a body sent to an operation that takes none", () => {
  const bodyless = routeList.filter((route) => !route.body);
  it.each(bodyless.map((r) => [r.id, r] as const))("%s refuses it with 400, naming method and path", async (_id, route) => {
    const detail = await rejected(route, { body: { bucket: "x" } }, 400, "ValidationError");
    expect(detail).toBe(`${route.method} ${route.path} takes no request body`);
  });

  it("is checked after the token: no token is still 401", async () => {
    const event = eventFor(routes.listBuckets, undefined, { body: "x".repeat(1000) });
    await rejectedEvent(routes.listBuckets, event, 401, "Unauthorized");
  });

  it("an empty body is no body", async () => {
    await accepted(routes.listBuckets, { body: "" });
  });
});

describe("unknown query parameters on routes without a query", () => {
  const noQueryRoutes = routeList.filter((route) => !route.query);
  it.each(noQueryRoutes.map((r) => [r.id, r] as const))("%s refuses ?foo=bar and names it", async (_id, route) => {
    const detail = await rejected(route, { query: { foo: "bar" } }, 400, "ValidationError");
    expect(detail).toContain("'foo'");
  });
});
