import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiError, connectionRefused, hangingResponse, json, scriptedFetch } from "../support/mock-fetch";
import { rahcp, sandbox, type Sandbox } from "./harness";

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(() => box.remove());

const env = { RAHCP_ENDPOINT: "http://api.test", RAHCP_TOKEN: "t" };

describe("exit codes and one-line errors by API status", () => {
  it.each([
    [400, "ValidationError", "bucket name must be lowercase", 2, ""],
    [401, "Unauthorized", "Token has expired", 3, "rahcp: authentication failed: "],
    [403, "InsufficientScope", "Token lacks the buckets:write scope", 3, "rahcp: permission denied: "],
    [404, "NoSuchBucket", "Bucket 'b1' does not exist", 1, ""],
    [409, "BucketNotEmpty", "Bucket 'b1' is not empty", 4, ""],
    [413, "PayloadTooLarge", "too large", 2, ""],
    [500, "InternalError", "Internal server error", 5, ""],
    [502, "BadGateway", "storage unreachable", 5, ""],
    [503, "ServiceUnavailable", "slow down", 5, ""],
  ])("HTTP %i (%s: %s) exits %i with code and request id", async (status, code, detail, exit, prefix) => {
    const mock = scriptedFetch(apiError(status, code, detail, `rid-${status}`));
    const result = await rahcp(["--retries", "0", "s3", "rb", "b1"], { sandbox: box, env, fetch: mock.fetch });
    expect(result.code).toBe(exit);
    expect(result.stdout).toBe("");
    const line = `rahcp: ${prefix.replace(/^rahcp: /, "")}${detail} (${code}, HTTP ${status}, request id rid-${status})`;
    expect(result.stderr.startsWith(line)).toBe(true);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("with --json the error line is JSON with status, code, detail and request id", async () => {
    const mock = scriptedFetch(apiError(409, "BucketAlreadyOwnedByYou", "Bucket 'b1' already exists", "rid-x"));
    const result = await rahcp(["s3", "mb", "b1", "--json"], { sandbox: box, env, fetch: mock.fetch });
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stderr)).toEqual({ error: { status: 409, code: "BucketAlreadyOwnedByYou", detail: "Bucket 'b1' already exists", request_id: "rid-x" } });
  });

  it("a network failure exits 5 after the retries, naming the endpoint and the reason", async () => {
    const mock = scriptedFetch(connectionRefused(), connectionRefused());
    const result = await rahcp(["--retries", "1", "s3", "ls"], { sandbox: box, env, fetch: mock.fetch });
    expect(result.code).toBe(5);
    expect(mock.calls).toHaveLength(2);
    expect(result.stderr).toBe("rahcp: cannot reach http://api.test for GET /api/v1/buckets: fetch failed: connect ECONNREFUSED 127.0.0.1:9 (NetworkError)\n");
  });

  it("a timeout exits 5", async () => {
    const mock = scriptedFetch(hangingResponse);
    const result = await rahcp(["--retries", "0", "--timeout", "0.05", "s3", "versioning", "b1"], { sandbox: box, env, fetch: mock.fetch });
    expect(result.code).toBe(5);
    expect(result.stderr).toBe("rahcp: no response from http://api.test to GET /api/v1/buckets/b1/versioning within 50 ms (Timeout)\n");
  });

  it("exists: 0 when present, 1 when missing, 3 when the token is refused", async () => {
    const mock = scriptedFetch(new Response(null, { status: 200 }), new Response(null, { status: 404 }), new Response(null, { status: 401, headers: { "x-request-id": "r401" } }));
    expect(await rahcp(["s3", "exists", "b1"], { sandbox: box, env, fetch: mock.fetch })).toEqual({ code: 0, stdout: "Bucket b1 exists\n", stderr: "" });
    expect(await rahcp(["s3", "exists", "b2"], { sandbox: box, env, fetch: mock.fetch })).toEqual({ code: 1, stdout: "Bucket b2 does not exist\n", stderr: "" });
    const refused = await rahcp(["s3", "exists", "b3"], { sandbox: box, env, fetch: mock.fetch });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("rahcp: authentication failed: HEAD /api/v1/buckets/b3 failed with HTTP 401");
    expect(refused.stderr).toContain("request id r401");
  });

  it("never prints the token, even in errors", async () => {
    const secret = "eyJhbGciOiJSUzI1NiJ9.secret-payload.signature";
    const mock = scriptedFetch(apiError(401, "Unauthorized", "Token signature is invalid"));
    const result = await rahcp(["s3", "ls", "--token", secret], { sandbox: box, env: { RAHCP_ENDPOINT: "http://api.test" }, fetch: mock.fetch });
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain("secret-payload");
  });

  it("ok output exits 0", async () => {
    const mock = scriptedFetch(json(201, { status: "created", bucket: "b1" }));
    expect(await rahcp(["s3", "mb", "b1"], { sandbox: box, env, fetch: mock.fetch })).toEqual({ code: 0, stdout: "Created bucket b1\n", stderr: "" });
  });
});
