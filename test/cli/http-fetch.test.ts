import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ConflictError, RahcpClient, RetryableError } from "@rahcp/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackCert, type LoopbackCert } from "../../kit/tls";
import { httpFetch } from "../../packages/cli/src/http-fetch";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { runProcess } from "../support/processes";

/** The CLI's node:http fetch, against loopback servers: what the SDK reads, and how failures look. */

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Handler = (request: IncomingMessage, response: ServerResponse, seen: Seen) => void;

let handler: Handler = (_request, response) => response.end();
const seen: Seen[] = [];
let server: Server;
let base: string;
let api: LocalApi;

function listen(target: Server): Promise<string> {
  return new Promise((resolve) => target.listen(0, "127.0.0.1", () => resolve(`127.0.0.1:${(target.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body };
      seen.push(entry);
      handler(request, response, entry);
    });
  });
  [base, api] = await Promise.all([listen(server).then((address) => `http://${address}`), startLocalApi()]);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

describe("httpFetch", () => {
  it("sends method, headers and a sized body; exposes status, headers (any case) and text", async () => {
    handler = (_request, response) => {
      response.writeHead(201, "Created", { "X-Request-Id": "r-1", "Content-Type": "application/json" });
      response.end('{"status":"created","bucket":"b"}');
    };
    const response = await httpFetch(`${base}/api/v1/buckets?x=1`, {
      method: "POST",
      headers: { Authorization: "Bearer t", "content-type": "application/json" },
      body: '{"bucket":"bé"}',
    });
    expect({ ok: response.ok, status: response.status, statusText: response.statusText }).toEqual({ ok: true, status: 201, statusText: "Created" });
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect(response.headers.get("X-REQUEST-ID")).toBe("r-1");
    expect(response.headers.get("retry-after")).toBeNull();
    expect(await response.text()).toBe('{"status":"created","bucket":"b"}');
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: "POST", url: "/api/v1/buckets?x=1", body: '{"bucket":"bé"}' });
    expect(request.headers).toMatchObject({ authorization: "Bearer t", "content-type": "application/json", "content-length": "16" });
    expect(request.headers["transfer-encoding"]).toBeUndefined();
  });

  it("answers HEAD and error statuses without throwing: the SDK decides what they mean", async () => {
    handler = (request, response) => {
      response.writeHead(request.method === "HEAD" ? 404 : 409, { "content-type": "application/json" });
      response.end(request.method === "HEAD" ? undefined : '{"code":"BucketAlreadyExists"}');
    };
    const head = await httpFetch(`${base}/x`, { method: "HEAD" });
    expect({ ok: head.ok, status: head.status, statusText: head.statusText }).toEqual({ ok: false, status: 404, statusText: "Not Found" });
    expect(await head.text()).toBe("");
    const conflict = await httpFetch(`${base}/x`, { method: "PUT", body: "{}" });
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toBe('{"code":"BucketAlreadyExists"}');
  });

  it("rejects when the signal aborts, and on a refused connection with the errno", async () => {
    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = httpFetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(pending).rejects.toThrow();
    expect(controller.signal.aborted).toBe(true);

    const refused = new Promise<void>((resolve) => {
      const closed = createServer();
      closed.listen(0, "127.0.0.1", () => {
        const { port } = closed.address() as AddressInfo;
        closed.close(() => resolve(expect(httpFetch(`http://127.0.0.1:${port}/`, {})).rejects.toMatchObject({ code: "ECONNREFUSED" })));
      });
    });
    await refused;
  });

  it("fails the body, not silently truncates it, when the connection drops mid-response", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-length": "100" });
      response.write("partial");
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const response = await httpFetch(`${base}/drop`, {});
    await expect(response.text()).rejects.toThrow();
  });

  it("refuses a certificate nobody trusts; the CLI trusts an internal CA through NODE_EXTRA_CA_CERTS", async () => {
    const cert: LoopbackCert | undefined = await loopbackCert();
    if (!cert) throw new Error("openssl is needed to make a loopback certificate");
    const tls = createHttpsServer({ key: cert.key, cert: cert.cert }, (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "x-request-id": "tls-1" });
      response.end('{"buckets":[{"name":"tls-bucket","creation_date":"2026-01-02T03:04:05.000Z"}],"owner":null}');
    });
    try {
      const address = await listen(tls);
      await expect(httpFetch(`https://${address}/api/v1/buckets`, {})).rejects.toMatchObject({ code: expect.stringMatching(/CERT|SELF_SIGNED/) });
      const bin = join(import.meta.dirname, "../../packages/cli/dist/rahcp.js");
      const env = { PATH: process.env.PATH, HOME: "/nonexistent", RAHCP_CONFIG: "/nonexistent/config.yaml", RAHCP_ENDPOINT: `https://${address}`, RAHCP_TOKEN: "t" };
      const trusted = await runProcess(process.execPath, [bin, "s3", "ls"], { cwd: import.meta.dirname, env: { ...env, NODE_EXTRA_CA_CERTS: cert.certFile } });
      expect(trusted).toMatchObject({ code: 0, stderr: "" });
      expect(trusted.stdout).toMatch(/^NAME +CREATED \(UTC\)\ntls-bucket +2026-01-02 03:04\n/);
      const untrusted = await runProcess(process.execPath, [bin, "s3", "ls", "--retries", "0"], { cwd: import.meta.dirname, env });
      expect(untrusted.code).toBe(5);
      expect(untrusted.stderr).toMatch(/^rahcp: cannot reach https:\/\/127\.0\.0\.1:\d+ for GET \/api\/v1\/buckets: .*(certificate|CERT).*\(NetworkError\)\n$/);
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
      await cert.remove();
    }
  });
});

describe("the SDK over httpFetch, against the local server", () => {
  const client = (options: Partial<ConstructorParameters<typeof RahcpClient>[0]> = {}) =>
    new RahcpClient({ endpoint: api.url, token: api.token, fetch: httpFetch, ...options });

  it("lists, creates, checks and deletes; errors keep their type, code and request id", async () => {
    const sdk = client();
    expect(await sdk.s3.createBucket("http-fetch-b")).toEqual({ status: "created", bucket: "http-fetch-b" });
    expect((await sdk.s3.listBuckets()).buckets.map((b) => b.name)).toContain("http-fetch-b");
    expect(await sdk.s3.bucketExists("http-fetch-b")).toBe(true);
    const taken = await sdk.s3.createBucket("http-fetch-b").catch((error: unknown) => error);
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken).toMatchObject({ status: 409, code: "BucketAlreadyOwnedByYou", requestId: expect.any(String) });
    expect(await sdk.s3.deleteBucket("http-fetch-b")).toEqual({ status: "deleted", bucket: "http-fetch-b" });
    expect(await sdk.s3.bucketExists("http-fetch-b")).toBe(false);
  });

  it("times out an attempt that gets no answer", async () => {
    handler = () => undefined;
    const error = await new RahcpClient({ endpoint: base, token: "t", fetch: httpFetch, timeoutMs: 100, retries: 0 }).s3.listBuckets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: "Timeout", status: 0 });
  });
});
