import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RahcpClient,
  RahcpError,
  RetryableError,
  ValidationError,
} from "@rahcp/client";
import { apiError, json, scriptedFetch } from "../support/mock-fetch";

const ENDPOINT = "https://buckets.example.test";

function clientWith(fetchMock: ReturnType<typeof scriptedFetch>, retries = 0) {
  return new RahcpClient({ endpoint: ENDPOINT, token: "tok-123", retries, fetch: fetchMock.fetch });
}

describe("requests", () => {
  it("sends the bearer token and Accept header, and parses the JSON body", async () => {
    const mock = scriptedFetch(json(200, { buckets: [{ name: "a", creation_date: null }], owner: null }));
    const result = await clientWith(mock).s3.listBuckets();
    expect(result.buckets[0]?.name).toBe("a");
    const call = mock.calls[0]!;
    expect(call.method).toBe("GET");
    expect(call.url.href).toBe(`${ENDPOINT}/api/v1/buckets`);
    expect(call.headers.get("authorization")).toBe("Bearer tok-123");
    expect(call.headers.get("accept")).toBe("application/json");
    expect(call.headers.has("content-type")).toBe(false);
  });

  it("sends JSON bodies with Content-Type for create, versioning and ACL", async () => {
    const mock = scriptedFetch(
      json(201, { status: "created", bucket: "b1" }),
      json(200, { status: "updated", versioning: "Suspended" }),
      json(200, { status: "updated", bucket: "b1" }),
    );
    const client = clientWith(mock);
    expect(await client.s3.createBucket("b1")).toEqual({ status: "created", bucket: "b1" });
    expect(await client.s3.setVersioning("b1", "Suspended")).toEqual({ status: "updated", versioning: "Suspended" });
    const policy = { Owner: { ID: "o1" }, Grants: [{ Grantee: { Type: "CanonicalUser" as const, ID: "o1" }, Permission: "FULL_CONTROL" as const }] };
    await client.s3.setAcl("b1", policy);
    expect(mock.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      "POST /api/v1/buckets",
      "PUT /api/v1/buckets/b1/versioning",
      "PUT /api/v1/buckets/b1/acl",
    ]);
    expect(mock.calls.map((c) => c.body)).toEqual([{ bucket: "b1" }, { status: "Suspended" }, policy]);
    expect(mock.calls.every((c) => c.headers.get("content-type") === "application/json")).toBe(true);
  });

  it("encodes path parameters and snake_cases query options, leaving unset ones out", async () => {
    const page = { objects: [], common_prefixes: [], is_truncated: false, next_continuation_token: null, key_count: 0 };
    const mock = scriptedFetch(json(200, page), json(200, page));
    const client = clientWith(mock);
    await client.s3.listObjects("odd/name", { prefix: "data/ä b", delimiter: "/", maxKeys: 5, continuationToken: "t+=/" });
    await client.s3.listObjects("b1");
    const [first, second] = mock.calls;
    expect(first!.url.pathname).toBe("/api/v1/buckets/odd%2Fname/objects");
    expect(Object.fromEntries(first!.url.searchParams)).toEqual({ prefix: "data/ä b", delimiter: "/", max_keys: "5", continuation_token: "t+=/" });
    expect(second!.url.search).toBe("");
  });

  it("asks a token function before every attempt (short-lived tokens)", async () => {
    const mock = scriptedFetch(json(200, { status: null, mfa_delete: null }), json(200, { status: "Enabled", mfa_delete: null }));
    let n = 0;
    const client = new RahcpClient({ endpoint: ENDPOINT, token: async () => `t${++n}`, fetch: mock.fetch });
    await client.s3.getVersioning("b1");
    expect(await client.s3.getVersioning("b1")).toEqual({ status: "Enabled", mfa_delete: null });
    expect(mock.calls.map((c) => c.headers.get("authorization"))).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("accepts an endpoint with a trailing slash or the /api/v1 base", async () => {
    for (const endpoint of [`${ENDPOINT}/`, `${ENDPOINT}/api/v1`, `${ENDPOINT}/api/v1/`]) {
      const mock = scriptedFetch(json(200, { owner: { ID: "o" }, grants: [] }));
      await new RahcpClient({ endpoint, token: "t", fetch: mock.fetch }).s3.getAcl("b1");
      expect(mock.calls[0]!.url.href).toBe(`${ENDPOINT}/api/v1/buckets/b1/acl`);
    }
  });
});

describe("errors by status", () => {
  const cases: [number, new (...args: never[]) => RahcpError][] = [
    [400, ValidationError],
    [401, AuthenticationError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, ValidationError],
    [415, ValidationError],
    [422, ValidationError],
    [429, RetryableError],
    [502, RetryableError],
    [503, RetryableError],
    [504, RetryableError],
  ];

  it.each(cases)("HTTP %i raises %o carrying detail, code and request id", async (status, ErrorClass) => {
    const mock = scriptedFetch(apiError(status, `Code${status}`, `what went wrong ${status}`, `rid-${status}`));
    const error = await clientWith(mock).s3.deleteBucket("b1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(RahcpError);
    expect(error).toMatchObject({ status, detail: `what went wrong ${status}`, code: `Code${status}`, requestId: `rid-${status}`, operation: "DELETE /api/v1/buckets/b1" });
    expect((error as Error).message).toBe(`what went wrong ${status} (Code${status}, HTTP ${status}, request id rid-${status})`);
  });

  it("500 is a plain RahcpError, neither retryable nor one of the specific classes", async () => {
    const mock = scriptedFetch(apiError(500, "InternalError", "Internal server error"));
    const error = await clientWith(mock, 3).s3.listBuckets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RahcpError);
    expect(error).not.toBeInstanceOf(RetryableError);
    expect((error as RahcpError).name).toBe("RahcpError");
    expect(mock.calls).toHaveLength(1);
  });

  it("falls back to status-based code and X-Request-Id when the body is not the API's JSON", async () => {
    const mock = scriptedFetch(new Response("<html>Bad gateway</html>", { status: 403, statusText: "Forbidden", headers: { "x-request-id": "gw-1" } }));
    const error = (await clientWith(mock).s3.listBuckets().catch((e: unknown) => e)) as RahcpError;
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: "Forbidden", requestId: "gw-1", detail: "GET /api/v1/buckets failed with HTTP 403 Forbidden" });
  });

  it("a success body that is not JSON is an InvalidResponse error", async () => {
    const mock = scriptedFetch(new Response("not json", { status: 200 }));
    await expect(clientWith(mock).s3.listBuckets()).rejects.toMatchObject({ code: "InvalidResponse", status: 200 });
  });
});

describe("bucketExists", () => {
  it("is true on 200 and false on a bodiless 404, using HEAD", async () => {
    const mock = scriptedFetch(new Response(null, { status: 200 }), new Response(null, { status: 404, headers: { "x-request-id": "r" } }));
    const client = clientWith(mock);
    expect(await client.s3.bucketExists("here")).toBe(true);
    expect(await client.s3.bucketExists("gone")).toBe(false);
    expect(mock.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(["HEAD /api/v1/buckets/here", "HEAD /api/v1/buckets/gone"]);
  });

  it("still throws for other failures (a bad token is not 'missing')", async () => {
    const mock = scriptedFetch(new Response(null, { status: 401, headers: { "x-request-id": "r401" } }));
    const error = await clientWith(mock).s3.bucketExists("b1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: "Unauthorized", requestId: "r401" });
  });
});

describe("configuration", () => {
  it("fromEnv reads RAHCP_ENDPOINT and RAHCP_TOKEN; explicit options win", async () => {
    const mock = scriptedFetch(json(200, { buckets: [], owner: null }));
    const client = RahcpClient.fromEnv({ env: { RAHCP_ENDPOINT: "http://127.0.0.1:8000", RAHCP_TOKEN: "env-token" }, fetch: mock.fetch });
    expect(client.endpoint).toBe("http://127.0.0.1:8000");
    await client.s3.listBuckets();
    expect(mock.calls[0]!.headers.get("authorization")).toBe("Bearer env-token");
    expect(RahcpClient.fromEnv({ env: { RAHCP_ENDPOINT: "http://a:1", RAHCP_TOKEN: "x" }, endpoint: "http://b:2" }).endpoint).toBe("http://b:2");
  });

  it("fromEnv names the missing variable", () => {
    expect(() => RahcpClient.fromEnv({ env: { RAHCP_TOKEN: "x" } })).toThrow(/RAHCP_ENDPOINT is not set/);
    expect(() => RahcpClient.fromEnv({ env: { RAHCP_ENDPOINT: "http://a" } })).toThrow(/RAHCP_TOKEN is not set/);
    expect(() => RahcpClient.fromEnv({ env: {} })).toThrow(ConfigurationError);
  });

  it("rejects endpoints that are not http(s) URLs and nonsensical numbers", () => {
    expect(() => new RahcpClient({ endpoint: "localhost:8000", token: "t" })).toThrow(ConfigurationError);
    expect(() => new RahcpClient({ endpoint: "ftp://x", token: "t" })).toThrow(/http or https/);
    expect(() => new RahcpClient({ endpoint: "http://x", token: "t", retries: -1 })).toThrow(/retries/);
    expect(() => new RahcpClient({ endpoint: "http://x", token: "t", timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
