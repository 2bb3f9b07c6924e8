import type { APIGatewayProxyEventV2 } from "aws-lambda";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routeList, schemas, type RouteSpec } from "@rahcp/core";
import { handlerSuite } from "../support/handler-suite";
import { invoke } from "../../kit/events";
import { caseOf, eventFor } from "../support/route-cases";

/**
 * Property-based input attacks over every declared route, with a valid admin token and a backend
 * that would succeed. Invariant for every request: either the route's documented success, or a
 * documented 4xx as exactly `{detail, code, request_id}` with no backend call at all; never a 5xx,
 * never markup in the body. Fixed seed, bounded runs.
 */

const SEED = 0x7a11ed;
const suite = handlerSuite();
const { s3 } = suite;
/** Statuses seen, to show the properties reach both the success path and every refusal. */
const seen = new Map<number, number>();

const routeRows = (list: readonly RouteSpec[]) => list.map((route) => [route.id, route] as const);

/** Sends `event` to the route's handler with a backend that would answer successfully, and checks the invariant. */
async function check(route: RouteSpec, event: APIGatewayProxyEventV2): Promise<number> {
  s3.reset();
  caseOf(route).succeed(s3);
  let res: Awaited<ReturnType<typeof invoke>>;
  try {
    res = await suite.invoke(route, event);
  } catch (error) {
    // invoke() only throws when the handler crashed or the body is not JSON
    throw new Error(`${route.id} did not answer with JSON: ${String(error)}`);
  }
  seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
  expect(res.status).toBeLessThan(500);
  expect(res.body ?? "").not.toMatch(/[<>]/);
  expect(res.headers["cache-control"]).toBe("no-store");
  if (res.status === route.successStatus) {
    if (route.response) expect(route.response.safeParse(res.json).success).toBe(true);
    else expect(res.body ?? "").toBe("");
    return res.status;
  }
  // A 400 for unknown query parameters is possible on every route, though listBuckets does not declare it.
  expect([...route.errors, 400]).toContain(res.status);
  expect(res.headers["content-type"]).toBe("application/json");
  expect(Object.keys(res.json ?? {}).sort()).toEqual(["code", "detail", "request_id"]);
  expect(schemas.ErrorResponse.safeParse(res.json).success).toBe(true);
  expect(res.json?.request_id).toBe(event.requestContext.requestId);
  expect(String(res.json?.detail).length).toBeLessThan(1_024);
  expect(s3.calls()).toHaveLength(0);
  return res.status;
}

// ---- arbitraries ------------------------------------------------------------------------------

const hostileSegment = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 70 }),
  fc.string({ unit: "binary", maxLength: 70 }),
  fc.constantFrom("", ".", "..", "../..", "%2F", "a%2Fb", "..%2F..", "%2e%2e", "bucket/../other", "a\u0000b", "\u202egnp.exe", "<script>x</script>"),
  fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/), // mostly valid names
  fc.string({ minLength: 64, maxLength: 4_096 }), // overlong
);

const queryKey = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.constantFrom("prefix", "max_keys", "key_marker", "version_id_marker", "delimiter", "continuation_token", "__proto__", "constructor", "toString", "hasOwnProperty", "MaxKeys", "access_token"),
);
const queryValue = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", "0", "-1", "1", "1e3", "1000", "1001", "0x10", "NaN", "Infinity", " 5 ", "5,5", "1.5", "9".repeat(400)),
  fc.string({ minLength: 1_000, maxLength: 1_100 }),
);
/** Query pairs; repeated keys are joined with "," as API Gateway does. */
const queryPairs = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 });

function toQuery(pairs: readonly (readonly [string, string])[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const joined = new Map<string, string>();
  for (const [k, v] of pairs) joined.set(k, joined.has(k) ? `${joined.get(k)},${v}` : v);
  // a JSON round trip, like the Lambda runtime's: "__proto__" stays an own key
  return JSON.parse(JSON.stringify(Object.fromEntries(joined))) as Record<string, string>;
}

const anyJson = fc.jsonValue({ maxDepth: 4 });
const knownFieldBody = fc
  .record(
    {
      bucket: fc.oneof(hostileSegment, anyJson),
      status: fc.oneof(fc.constantFrom("Enabled", "Suspended", "enabled", ""), anyJson),
      Owner: fc.oneof(fc.record({ ID: fc.string(), DisplayName: fc.string() }, { requiredKeys: [] }), anyJson),
      Grants: fc.oneof(
        fc.array(
          fc.record({
            Grantee: fc.oneof(
              fc.record({ Type: fc.constantFrom("CanonicalUser", "Group", "AmazonCustomerByEmail", "x"), ID: fc.string(), URI: fc.webUrl(), EmailAddress: fc.emailAddress() }, { requiredKeys: ["Type"] }),
              anyJson,
            ),
            Permission: fc.oneof(fc.constantFrom("FULL_CONTROL", "READ", "WRITE", "WRITE_ACP", "READ_ACP", "read"), anyJson),
          }),
          { maxLength: 3 },
        ),
        anyJson,
      ),
      extra: anyJson,
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value));

const deepNesting = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const hostileBody = fc.oneof(
  anyJson.map((value) => JSON.stringify(value)),
  knownFieldBody,
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom(
    "",
    "{",
    "null",
    "[]",
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"bucket":"ok-bucket","bucket":"Bad_Name"}',
    '{"bucket":"abc"}\u0000',
    "\ufeff{\"bucket\":\"abc\"}",
    deepNesting(3_000),
    JSON.stringify({ bucket: "a".repeat(70 * 1024) }), // over the body limit
    `[${"[".repeat(5_000)}${"]".repeat(5_000)}]`,
  ),
);

const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/json,application/json",
    "application/json, text/plain",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/vnd.api+json",
    "application/json-patch+json",
    "",
    "*/*",
  ),
  fc.string({ maxLength: 40 }),
);

const headerName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  fc.constantFrom("x-forwarded-for", "x-amz-security-token", "origin", "cookie", "x-http-method-override", "host", "accept"),
);
const extraHeaders = fc.dictionary(headerName, fc.string({ maxLength: 60 }), { maxKeys: 4 });

// ---- properties -------------------------------------------------------------------------------

const routesWithParams = routeList.filter((route) => route.params);
const routesWithBody = routeList.filter((route) => route.body);
const routesWithoutBody = routeList.filter((route) => !route.body);

describe("random path segments", () => {
  it.each(routeRows(routesWithParams))("%s", async (_id, route) => {
    await fc.assert(
      fc.asyncProperty(hostileSegment, async (bucket) => {
        const event = eventFor(route, suite.admin, { pathParameters: { bucket } });
        const status = await check(route, event);
        // only names that pass HCP's naming rules (the default) reach the backend
        if (status === route.successStatus) expect(bucket).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe("random query keys and values", () => {
  it.each(routeRows(routeList))("%s", async (_id, route) => {
    await fc.assert(
      fc.asyncProperty(queryPairs, async (pairs) => {
        const query = toQuery(pairs);
        const status = await check(route, eventFor(route, suite.admin, query ? { query } : {}));
        if (!route.query && query) expect(status).toBe(400); // no route silently accepts parameters it does not define
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});

describe("random JSON and non-JSON bodies, wrong content types", () => {
  it.each(routeRows(routesWithBody))("%s", async (_id, route) => {
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.option(contentType, { nil: undefined }), fc.boolean(), async (body, type, base64) => {
        const event = eventFor(route, suite.admin, { body });
        if (type === undefined) delete event.headers["content-type"];
        else event.headers["content-type"] = type;
        if (base64) {
          event.body = Buffer.from(body).toString("base64");
          event.isBase64Encoded = true;
        }
        await check(route, event);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it.each(routeRows(routesWithoutBody))("%s refuses whatever body it is sent (it takes none)", async (_id, route) => {
    await fc.assert(
      fc.asyncProperty(hostileBody, contentType, async (body, type) => {
        const event = eventFor(route, suite.admin, { body, headers: { "content-type": type } });
        expect(await check(route, event)).toBe(event.body ? 400 : route.successStatus);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

describe("duplicated headers (API Gateway joins repeats with a comma)", () => {
  it.each(routeRows(routeList))("%s", async (_id, route) => {
    const authorization = fc.constantFrom(
      `Bearer ${suite.admin}`,
      `Bearer ${suite.admin}, Bearer ${suite.admin}`,
      `Bearer ${suite.admin},Bearer garbage`,
      `Basic eDp5, Bearer ${suite.admin}`,
      `Bearer ${suite.admin},`,
      `${suite.admin}`,
    );
    await fc.assert(
      fc.asyncProperty(authorization, extraHeaders, fc.boolean(), async (auth, headers, doubleType) => {
        const event = eventFor(route, suite.admin, { headers });
        event.headers["authorization"] = auth;
        if (route.body && doubleType) event.headers["content-type"] = "application/json,application/json";
        const status = await check(route, event);
        if (auth !== `Bearer ${suite.admin}`) expect(status).toBe(401); // a joined or schemeless header is never half-read
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe("everything at once", () => {
  it("random route, path, query, body, content type and headers", async () => {
    const request = fc.record({
      route: fc.constantFrom(...routeList),
      bucket: hostileSegment,
      query: queryPairs,
      body: fc.option(hostileBody, { nil: undefined }),
      type: fc.option(contentType, { nil: undefined }),
      headers: extraHeaders,
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, bucket, query, body, type, headers }) => {
        const q = toQuery(query);
        const event = eventFor(route, suite.admin, {
          headers,
          ...(route.params ? { pathParameters: { bucket } } : {}),
          ...(q ? { query: q } : {}),
          ...(body === undefined ? {} : { body }),
        });
        event.headers["authorization"] = `Bearer ${suite.admin}`;
        if (type !== undefined) event.headers["content-type"] = type;
        await check(route, event);
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });

  it("ran a meaningful number of requests, reaching success and every kind of refusal", () => {
    if (process.env.FUZZ_STATS) console.log(Object.fromEntries(seen));
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    // 9×150 paths + 12×120 queries + 3×300 + 9×40 bodies + 12×60 headers + 1 000 mixed = 5 770
    expect(total).toBe(5_770);
    for (const status of [200, 201, 400, 401, 413, 415]) expect(seen.get(status) ?? 0).toBeGreaterThan(0);
  });
});
