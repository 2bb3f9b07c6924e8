import { singleTenant } from "@rahcp/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SECURITY_HEADERS } from "@rahcp/core/http/security-headers";
import { startLocalServer, type LambdaHttpHandler, type LocalServer } from "@rahcp/local";
import { MemoryBucketStore } from "./memory-store";
import { tempDataDir } from "../support/local-api";
import { rawRequest } from "../support/loopback";

/**
 * The socket → API Gateway event → handler → HTTP translation, observed with an echo handler
 * standing in for the route modules (the real handlers are exercised in api.test.ts).
 */
let server: LocalServer;
let removeDataDir: () => Promise<void>;
const received: APIGatewayProxyEventV2[] = [];
let behaviour: (event: APIGatewayProxyEventV2) => unknown = (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(event),
});

const echo: LambdaHttpHandler = async (event) => {
  received.push(event);
  return behaviour(event);
};

beforeAll(async () => {
  const data = await tempDataDir();
  removeDataDir = data.remove;
  server = await startLocalServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: data.dir,
    tenants: singleTenant(new MemoryBucketStore()),
    auth: "dev",
    loadHandler: async () => echo,
  });
});

afterAll(async () => {
  await server?.close();
  await removeDataDir?.();
});

function resetEcho() {
  behaviour = (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });
}

async function echoed(path: string, init: RequestInit = {}): Promise<{ res: Response; event: APIGatewayProxyEventV2 }> {
  resetEcho();
  const res = await fetch(`${server.url}${path}`, init);
  expect(res.status).toBe(200);
  return { res, event: (await res.json()) as APIGatewayProxyEventV2 };
}

/** node:http lets a header be sent several times (fetch would merge them first). */
function sendWithHeaders(path: string, headers: Record<string, string | string[]>): Promise<APIGatewayProxyEventV2> {
  resetEcho();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: server.port, path, method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as APIGatewayProxyEventV2));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("request → API Gateway payload 2.0 event", () => {
  it("carries version, route key, raw path, request context and a request id that is echoed back", async () => {
    const { res, event } = await echoed("/api/v1/buckets", { headers: { "User-Agent": "event-test/1.0" } });
    expect(event.version).toBe("2.0");
    expect(event.routeKey).toBe("GET /api/v1/buckets");
    expect(event.rawPath).toBe("/api/v1/buckets");
    expect(event.rawQueryString).toBe("");
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      routeKey: "GET /api/v1/buckets",
      stage: "$default",
      http: { method: "GET", path: "/api/v1/buckets", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "event-test/1.0" },
    });
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(res.headers.get("apigw-requestid")).toBe(event.requestContext.requestId);
  });

  it("gives every request a fresh request id", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { res, event } = await echoed("/api/v1/buckets");
      expect(res.headers.get("apigw-requestid")).toBe(event.requestContext.requestId);
      ids.add(event.requestContext.requestId);
    }
    expect(ids.size).toBe(20);
  });

  it("lower-cases header names and joins duplicate headers with commas", async () => {
    const event = await sendWithHeaders("/api/v1/buckets", {
      "X-Mixed-Case": "Value Kept",
      "X-Dup": ["first", "second"],
      AUTHORIZATION: "Bearer abc",
    });
    expect(event.headers["x-mixed-case"]).toBe("Value Kept");
    expect(event.headers["X-Mixed-Case"]).toBeUndefined();
    expect(event.headers["x-dup"]).toBe("first,second");
    expect(event.headers["authorization"]).toBe("Bearer abc");
    expect(event.headers["host"]).toBe(`127.0.0.1:${server.port}`);
    expect(event.headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(event.headers["x-forwarded-proto"]).toBe("http");
    expect(event.requestContext.domainName).toBe("127.0.0.1");
  });

  it("moves cookies out of the headers into the cookies field", async () => {
    const event = await sendWithHeaders("/api/v1/buckets", { Cookie: ["a=1; b=2", "c=3"] });
    expect(event.cookies).toEqual(["a=1", "b=2", "c=3"]);
    expect(event.headers["cookie"]).toBeUndefined();
  });

  it("keeps the raw query string and decodes parameters, joining repeated ones with commas", async () => {
    const { event } = await echoed("/api/v1/buckets/b1/versions?prefix=data%2Fx%20y&max_keys=2&tag=a&tag=b&flag&plus=a+b");
    expect(event.rawQueryString).toBe("prefix=data%2Fx%20y&max_keys=2&tag=a&tag=b&flag&plus=a+b");
    expect(event.queryStringParameters).toEqual({ prefix: "data/x y", max_keys: "2", tag: "a,b", flag: "", plus: "a b" });
    expect(event.routeKey).toBe("GET /api/v1/buckets/{bucket}/versions");
    expect(event.pathParameters).toEqual({ bucket: "b1" });
  });

  it("URL-decodes path parameters but leaves rawPath as sent", async () => {
    const { event } = await echoed("/api/v1/buckets/my%20bucket%2Fodd/versioning");
    expect(event.pathParameters).toEqual({ bucket: "my bucket/odd" });
    expect(event.rawPath).toBe("/api/v1/buckets/my%20bucket%2Fodd/versioning");
    expect(event.requestContext.http.path).toBe("/api/v1/buckets/my%20bucket%2Fodd/versioning");
  });

  it("passes JSON and text bodies as text", async () => {
    const { event } = await echoed("/api/v1/buckets", {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify({ bucket: "é-bucket" }),
    });
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('{"bucket":"é-bucket"}');
    expect(event.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("base64-encodes bodies of binary or unknown content types", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f]);
    const { event } = await echoed("/api/v1/buckets", {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: bytes,
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, "base64")).toEqual(bytes);

    const form = await echoed("/api/v1/buckets", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "bucket=x",
    });
    expect(form.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(form.event.body!, "base64").toString()).toBe("bucket=x");
  });
});

describe("handler result → HTTP response", () => {
  it("writes status, headers, cookies and decodes base64 bodies", async () => {
    behaviour = () => ({
      statusCode: 201,
      headers: { "X-Custom": "yes", "content-type": "application/octet-stream" },
      cookies: ["s=1; Path=/", "t=2"],
      body: Buffer.from([1, 2, 3, 250]).toString("base64"),
      isBase64Encoded: true,
    });
    const res = await fetch(`${server.url}/api/v1/buckets`);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-custom")).toBe("yes");
    expect(res.headers.getSetCookie()).toEqual(["s=1; Path=/", "t=2"]);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([1, 2, 3, 250]));
  });

  it("treats a result without statusCode as a JSON 200 body, as API Gateway does", async () => {
    behaviour = () => ({ hello: "world" });
    const res = await fetch(`${server.url}/api/v1/buckets`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ hello: "world" });
  });

  it("never sends a body for HEAD, even when the handler returns one, but the headers GET would get and no false length", async () => {
    behaviour = () => ({ statusCode: 404, headers: { "content-type": "application/json" }, body: '{"detail":"gone"}' });
    const res = await rawRequest(server.port, "HEAD /api/v1/buckets/b1 HTTP/1.1\r\nHost: localhost");
    expect(res.status).toBe(404);
    expect(res.body.length).toBe(0);
    expect(res.header("content-type")).toBe("application/json");
    expect(res.header("content-length")).toBeUndefined(); // not a false 0; the connection closes instead
    expect(res.header("connection")).toBe("close");
    expect(res.header("apigw-requestid")).toMatch(/=$/);
    expect(received.at(-1)?.routeKey).toBe("HEAD /api/v1/buckets/{bucket}");
  });

  it("answers 500 JSON when a handler throws, and keeps serving", async () => {
    behaviour = () => {
      throw new Error("boom with secret details");
    };
    const res = await fetch(`${server.url}/api/v1/buckets`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toEqual({ detail: "Internal server error", code: "InternalError", request_id: res.headers.get("apigw-requestid") });
    expect(JSON.stringify(body)).not.toContain("secret");
    // The server's own answer, with the API's security headers like every other.
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
    resetEcho();
    expect((await fetch(`${server.url}/api/v1/buckets`)).status).toBe(200);
  });

  it("answers 500 for a malformed handler result", async () => {
    behaviour = () => ({ statusCode: "two hundred" });
    const res = await fetch(`${server.url}/api/v1/buckets`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { code: string }).code).toBe("InternalError");
  });
});

describe("routing", () => {
  it("answers 404 RouteNotFound JSON for unknown paths", async () => {
    for (const path of ["/nope", "/api/v1/buckets/b1/unknown", "/api/v1/buckets/", "/api/v1/buckets/b1/versioning/extra"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      const body = (await res.json()) as Record<string, string>;
      expect(body.code).toBe("RouteNotFound");
      expect(body.request_id).toBe(res.headers.get("apigw-requestid"));
      expect(body.detail).toContain(path);
    }
  });

  it("answers 405 with Allow for a known path and another method", async () => {
    const res = await fetch(`${server.url}/api/v1/buckets`, { method: "PATCH" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(((await res.json()) as { code: string }).code).toBe("MethodNotAllowed");

    const bucket = await fetch(`${server.url}/api/v1/buckets/b1`, { method: "PUT" });
    expect(bucket.status).toBe(405);
    expect(bucket.headers.get("allow")).toBe("DELETE, HEAD");

    const versioning = await fetch(`${server.url}/api/v1/buckets/b1/versioning`, { method: "DELETE" });
    expect(versioning.headers.get("allow")).toBe("GET, PUT");
  });

  it("answers 400 for a path parameter that is not valid percent-encoding", async () => {
    const res = await rawRequest(server.port, "GET /api/v1/buckets/bad%zz/acl HTTP/1.1\r\nHost: localhost");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).code).toBe("ValidationError");
  });
});

describe("request body limits", () => {
  const ROUTE_LIMIT = 64 * 1024; // the JSON routes' limit (MAX_BODY_BYTES)

  it("refuses a body over API Gateway's 10 MB with 413 before reading it or running a handler", async () => {
    const before = received.length;
    const res = await rawRequest(
      server.port,
      `POST /api/v1/buckets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024 + 1}`,
      "{}",
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString()).code).toBe("PayloadTooLarge");
    expect(received.length).toBe(before); // the handler never ran
  });

  it("hands a body within the route's limit to the handler whole", async () => {
    const body = JSON.stringify({ bucket: "x".repeat(ROUTE_LIMIT - 20) });
    const { event } = await echoed("/api/v1/buckets", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(event.body).toBe(body);
  });

  it("never buffers a declared body over the route's limit: the handler gets a stand-in one byte over it, unread", async () => {
    // Declared, never sent: an answer proves the server did not wait for (or read) the body.
    const res = await rawRequest(
      server.port,
      `POST /api/v1/buckets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${9 * 1024 * 1024}`,
    );
    expect(res.status).toBe(200);
    expect(res.header("connection")).toBe("close");
    expect(received.at(-1)!.body!.length).toBe(ROUTE_LIMIT + 1);
  });

  it("stops reading a chunked body once it passes the route's limit", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const res = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port: server.port, path: "/api/v1/buckets", method: "POST", headers: { "content-type": "application/json" } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
      let sent = 0;
      const pump = () => {
        while (sent < 12 && req.write(chunk)) sent++;
        if (sent < 12) req.once("drain", () => { sent++; pump(); });
        else req.end();
      };
      pump();
    });
    expect(res).toBe(200);
    expect(received.at(-1)!.body!.length).toBe(ROUTE_LIMIT + 1);
  });

  it.each(["GET /api/v1/buckets", "HEAD /api/v1/buckets/b1", "DELETE /api/v1/buckets/b1", "GET /api/v1/docs"])(
    "hands %s, which takes no body, a one-byte stand-in for any body, without reading it",
    async (line) => {
      const res = await rawRequest(server.port, `${line} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}`);
      expect(res.status).toBe(200);
      expect(received.at(-1)!.body).toHaveLength(1);
    },
  );

  it("passes no body when none is sent (Content-Length: 0)", async () => {
    await rawRequest(server.port, "DELETE /api/v1/buckets/b1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0");
    expect(received.at(-1)!.body).toBeUndefined();
  });
});

