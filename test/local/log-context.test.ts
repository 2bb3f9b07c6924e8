import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// The logger reads its level once, when its module loads: before any import.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = "INFO";
});

import type { LocalServer } from "@rahcp/local";
import { startServedApi } from "../support/local-api";

/**
 * The local server runs handlers concurrently in one process, where Lambda gives each invocation a
 * container (or, with managed instances, its own invocation context). Every log line must still
 * carry its own request's function and ids, however the requests interleave.
 */

let server: LocalServer;
let token: string;
let close: () => Promise<void>;
let lines: string[] = [];

beforeAll(async () => {
  ({ server, token, close } = await startServedApi());
});

afterAll(async () => close?.());

afterEach(() => vi.restoreAllMocks());

function capture(): void {
  lines = [];
  vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown) => {
    lines.push(...String(chunk).split("\n").filter((l) => l.trim().startsWith("{")));
    return true;
  }) as typeof process.stdout.write);
}

interface Sent {
  handler: string;
  action: string;
  requestId: string;
  status: number;
}

async function send(method: string, path: string, handler: string, action: string, body?: unknown): Promise<Sent> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await res.arrayBuffer();
  return { handler, action, requestId: res.headers.get("x-request-id")!, status: res.status };
}

describe("log context under concurrency", () => {
  it("24 parallel mixed mutations: every audit line names its own function, request and invocation", async () => {
    const names = Array.from({ length: 6 }, (_, i) => `log-ctx-${i}`);
    for (const name of names) await send("POST", "/api/v1/buckets", "create-bucket", "bucket.create", { bucket: name });
    const { owner } = (await (await fetch(`${server.url}/api/v1/buckets/${names[0]}/acl`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      owner: { ID: string };
    };

    capture();
    const sent = await Promise.all(
      names.flatMap((name, i) => [
        send("PUT", `/api/v1/buckets/${name}/versioning`, "set-versioning", "bucket.versioning.set", { status: "Enabled" }),
        send("PUT", `/api/v1/buckets/${name}/acl`, "set-acl", "bucket.acl.set", { Owner: owner, Grants: [] }),
        send("POST", "/api/v1/buckets", "create-bucket", "bucket.create", { bucket: `log-ctx-new-${i}` }),
        send("DELETE", `/api/v1/buckets/log-ctx-missing-${i}`, "delete-bucket", "bucket.delete"),
      ]),
    );
    vi.restoreAllMocks();
    expect(sent).toHaveLength(24);
    expect(sent.filter((s) => s.status >= 500)).toEqual([]);

    const audit = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l["audit"] === true);
    expect(audit).toHaveLength(24);
    for (const request of sent) {
      const own = audit.filter((l) => l["request_id"] === request.requestId);
      expect(own, `${request.action} ${request.requestId}`).toHaveLength(1);
      expect(own[0], request.action).toMatchObject({
        action: request.action,
        status: request.status,
        function_name: `rahcp-local-${request.handler}`,
      });
    }
    // One Lambda invocation per request: no two lines share an invocation id.
    const invocations = audit.map((l) => l["function_request_id"]);
    expect(invocations.every((id) => typeof id === "string")).toBe(true);
    expect(new Set(invocations).size).toBe(24);
  });
});
