import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SECURITY_HEADERS } from "@rahcp/core/http/security-headers";
import type { LocalServer } from "@rahcp/local";
import { startServedApi } from "../support/local-api";
import { rawRequest, type RawResponse } from "../support/loopback";

/**
 * What the local server answers itself (routing, API Gateway's limit, the dev issuer's documents),
 * HEAD, and bodies a route cannot take, through the real handler modules.
 */

let server: LocalServer;
let token: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, token, close } = await startServedApi());
});

afterAll(async () => close?.());

const request = (head: string, body?: string) => rawRequest(server.port, `${head}\r\nHost: localhost`, body);
const code = (res: RawResponse) => (JSON.parse(res.body.toString()) as { code: string }).code;

function expectSecurityHeaders(res: RawResponse, cacheControl = "no-store"): void {
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) {
    expect(res.header(name), name).toBe(name === "cache-control" ? cacheControl : value);
  }
  expect(res.header("x-powered-by")).toBeUndefined();
}

describe("the local server's own answers carry the API's security headers", () => {
  it.each([
    ["404 RouteNotFound", "GET /nothing HTTP/1.1", 404, "RouteNotFound"],
    ["405 MethodNotAllowed", "PATCH /api/v1/buckets HTTP/1.1", 405, "MethodNotAllowed"],
    ["405 on the JWKS", "POST /.well-known/jwks.json HTTP/1.1", 405, "MethodNotAllowed"],
    ["400 for a path that is not percent-encoding", "GET /api/v1/buckets/bad%zz/acl HTTP/1.1", 400, "ValidationError"],
    ["413 over API Gateway's 10 MB", `POST /api/v1/buckets HTTP/1.1\r\nContent-Length: ${10 * 1024 * 1024 + 1}`, 413, "PayloadTooLarge"],
  ])("%s", async (_name, head, status, expected) => {
    const res = await request(head);
    expect(res.status).toBe(status);
    expect(code(res)).toBe(expected);
    expectSecurityHeaders(res);
  });

  it.each(["/.well-known/jwks.json", "/.well-known/openid-configuration"])("%s (cacheable)", async (path) => {
    const res = await request(`GET ${path} HTTP/1.1`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res, "public, max-age=300");
  });
});

describe("HEAD", () => {
  /** What a HEAD answer that leaves a body out says about its length: nothing, and the connection closes. */
  function expectNoLength(res: RawResponse): void {
    expect(res.body).toHaveLength(0);
    expect(res.header("content-length")).toBeUndefined(); // never a false 0
    expect(res.header("transfer-encoding")).toBeUndefined();
    expect(res.header("connection")).toBe("close");
  }

  it.each(["/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/swagger-ui.css"])("%s answers with GET's headers and no body", async (path) => {
    const get = await request(`GET ${path} HTTP/1.1`);
    const head = await request(`HEAD ${path} HTTP/1.1`);
    expect([get.status, head.status]).toEqual([200, 200]);
    expectNoLength(head);
    for (const name of ["content-type", "etag", "cache-control", "content-security-policy", "x-content-type-options", "x-request-id"]) {
      expect(head.header(name) === undefined, name).toBe(false);
      if (name !== "x-request-id") expect(head.header(name), name).toBe(get.header(name));
    }
  });

  it.each([
    ["401 without a token", "HEAD /api/v1/buckets/some-bucket HTTP/1.1", 401],
    ["404 for a missing bucket", `HEAD /api/v1/buckets/no-such-bucket-here HTTP/1.1\r\nAuthorization: Bearer TOKEN`, 404],
  ])("an error (%s) carries the JSON headers GET would, without the body or a false length", async (_name, head, status) => {
    const res = await request(head.replace("TOKEN", token));
    expect(res.status).toBe(status);
    expect(res.header("content-type")).toBe("application/json");
    expectNoLength(res);
    expectSecurityHeaders(res);
  });

  it("the spec's `curl -X HEAD` example answers at once, 200 or 404", async () => {
    const { execFile } = await import("node:child_process");
    const started = Date.now();
    const code = await new Promise<string>((resolve, reject) =>
      execFile(
        "curl",
        ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "HEAD", `${server.url}/api/v1/buckets/no-such-bucket-here`, "-H", `Authorization: Bearer ${token}`],
        { timeout: 10_000 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(code).toBe("404");
    expect(Date.now() - started).toBeLessThan(3_000); // not the 5 s keep-alive timeout a promised length would cost
  });

  it("of an existing bucket: 200, no body, no content type and a length of 0 (there is no body to leave out)", async () => {
    const created = await fetch(`${server.url}/api/v1/buckets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ bucket: "head-here" }),
    });
    expect(created.status).toBe(201);
    const res = await request(`HEAD /api/v1/buckets/head-here HTTP/1.1\r\nAuthorization: Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.header("content-length")).toBe("0");
    expect(res.header("content-type")).toBeUndefined();
  });
});

describe("bodies a route cannot take are never read", () => {
  const nineMegabytes = 9 * 1024 * 1024;

  it("16 parallel 9 MB uploads without a token: each 401 at once, though not one byte of them was sent", async () => {
    // Declared and never sent: a server that read (or buffered) the body would wait instead of answering.
    const answers = await Promise.all(
      Array.from({ length: 16 }, () => request(`POST /api/v1/buckets HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${nineMegabytes}`)),
    );
    expect(answers.map((res) => [res.status, code(res)])).toEqual(Array.from({ length: 16 }, () => [401, "Unauthorized"]));
    for (const res of answers) expect(res.header("connection")).toBe("close");
  });

  it("with a token: 413 PayloadTooLarge from the handler (the JSON limit), still unread", async () => {
    const res = await request(`POST /api/v1/buckets HTTP/1.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${nineMegabytes}`);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: "PayloadTooLarge", detail: "Request body must be at most 65536 bytes" });
  });

  it.each([
    ["GET /api/v1/buckets", "GET /api/v1/buckets takes no request body"],
    ["DELETE /api/v1/buckets/some-bucket", "DELETE /api/v1/buckets/{bucket} takes no request body"],
    ["GET /api/v1/docs", "The documentation routes take no request body"],
  ])("%s with a body (not sent either): 400 ValidationError", async (line, detail) => {
    const res = await request(`${line} HTTP/1.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${nineMegabytes}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: "ValidationError", detail });
  });

  it("a route without a body still 401s a missing token first", async () => {
    const res = await request(`DELETE /api/v1/buckets/some-bucket HTTP/1.1\r\nContent-Length: ${nineMegabytes}`);
    expect(res.status).toBe(401);
  });
});

describe("query parameters given twice", () => {
  it("are refused by name, not reported missing or malformed", async () => {
    const res = await request(`GET /api/v1/buckets/some-bucket/objects?max_keys=1&max_keys=2 HTTP/1.1\r\nAuthorization: Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: "ValidationError", detail: "Query parameter 'max_keys' is given 2 times; give it once" });
  });
});
