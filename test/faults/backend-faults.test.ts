import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routes } from "@rahcp/core";
import type { FakeS3Mode } from "../../kit/fake-s3";
import { expectErrorBody } from "../support/route-cases";
import { faultHarness, HCP_SECRET, type FaultHarness } from "./harness";

/**
 * The real S3 client and store against a misbehaving S3 on loopback, through the real handlers.
 * Settings (from the environment, as in a container): connect 200 ms, request 500 ms, 3 attempts,
 * budget 2 s. After every failure the same client must serve the next request and leave no socket behind.
 */

let h: FaultHarness;
const report: Record<string, unknown> = {};

beforeAll(async () => {
  h = await faultHarness();
});

afterAll(async () => {
  if (process.env.FAULT_STATS) console.log(report);
  await h.close();
});

beforeEach(() => {
  h.fake.mode = "ok";
  h.fake.answersToLose = 1;
  h.fake.loseMethod = undefined;
  h.fake.requests.length = 0;
  h.fake.buckets.clear();
  h.fake.buckets.set("team-data-2024", new Date());
  h.install();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The next request on the same client succeeds, and no more than the one keep-alive socket stays open. */
async function expectHealthyAfterwards(): Promise<void> {
  h.fake.mode = "ok";
  const res = await h.call(routes.listBuckets);
  expect(res.status).toBe(200);
  expect(res.json?.buckets).toEqual([expect.objectContaining({ name: "team-data-2024" })]);
  expect(await h.fake.connectionsSettle(1)).toBeLessThanOrEqual(1);
}

describe("backend down (connection refused)", () => {
  it("answers 502 Unreachable at once, and serves again when the backend is back on the same port", async () => {
    const port = h.fake.port;
    await h.fake.stop();
    const res = await h.call(routes.listBuckets);
    report.refused = { status: res.status, ms: res.ms };
    expect(res.status).toBe(502);
    expect(res.json?.code).toBe("Unreachable");
    expect(res.ms).toBeLessThan(h.settings.budgetMs);
    await h.fake.start(port);
    await expectHealthyAfterwards();
  });
});

describe("accepts but never answers", () => {
  it("answers 504 within the budget after maxAttempts timed-out attempts, and closes every hung socket", async () => {
    const warn = vi.spyOn(console, "warn");
    h.fake.mode = "hang";
    const res = await h.call(routes.listBuckets);
    report.hang = { status: res.status, ms: res.ms, attempts: h.fake.attempts("hang") };
    expect(res.status).toBe(504);
    expect(res.json?.code).toBe("Timeout");
    expect(res.ms).toBeLessThan(h.settings.budgetMs + 250);
    expect(res.ms).toBeLessThan(29_000);
    // each attempt ends at the request timeout (not only at the budget) and is retried
    expect(h.fake.attempts("hang")).toBe(h.settings.maxAttempts);
    expect(res.ms).toBeGreaterThanOrEqual(h.settings.maxAttempts * h.settings.requestTimeoutMs - 50);
    expect(await h.fake.connectionsSettle(0)).toBe(0);
    // the SDK's plain-text "requestTimeout exceeded" warning would break structured logs
    expect(warn).not.toHaveBeenCalled();
    await expectHealthyAfterwards();
  });

  it("20 concurrent requests against a hung backend all get 504 and leave no socket open", async () => {
    h.fake.mode = "hang";
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => h.call(routes.listBuckets)));
    const ms = Math.round(performance.now() - started);
    report.hangConcurrent = { statuses: [...new Set(results.map((r) => r.status))], ms, attempts: h.fake.attempts("hang") };
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(504));
    expect(ms).toBeLessThan(h.settings.budgetMs + 500);
    expect(await h.fake.connectionsSettle(0)).toBe(0);
    await expectHealthyAfterwards();
  });
});

describe("an answer lost after the backend acted (the SDK retries a done operation)", () => {
  it("delete: the retry finds no bucket → 200, the deletion asked for happened", async () => {
    h.fake.mode = "lost-answer";
    h.fake.loseMethod = "DELETE";
    const res = await h.call(routes.deleteBucket, { pathParameters: { bucket: "team-data-2024" } });
    expect(res.status).toBe(200);
    expect(h.fake.requests.filter((r) => r.method === "DELETE")).toHaveLength(2);
    expect(h.fake.buckets.has("team-data-2024")).toBe(false);
    h.fake.buckets.set("team-data-2024", new Date());
    await expectHealthyAfterwards();
  });

  it("create: the retry finds the bucket it made → 201, not 409", async () => {
    h.fake.mode = "lost-answer";
    h.fake.loseMethod = "PUT";
    const res = await h.call(routes.createBucket, { body: { bucket: "fresh-bucket" } });
    expect(res.status).toBe(201);
    expect(h.fake.requests.filter((r) => r.method === "PUT")).toHaveLength(2);
    expect(h.fake.buckets.has("fresh-bucket")).toBe(true);
    h.fake.buckets.delete("fresh-bucket");
    await expectHealthyAfterwards();
  });

  it("a first answer of NoSuchBucket / already owned still means 404 / 409", async () => {
    expect((await h.call(routes.deleteBucket, { pathParameters: { bucket: "no-such-bucket" } })).status).toBe(404);
    h.fake.buckets.set("fresh-bucket", new Date());
    // HEAD first sees it: 409 without CreateBucket; the store's own check is what answers here
    expect((await h.call(routes.createBucket, { body: { bucket: "fresh-bucket" } })).status).toBe(409);
    h.fake.buckets.delete("fresh-bucket");
  });
});

describe("server errors are retried, then 503 with Retry-After", () => {
  it.each([
    ["internal-error", "500 InternalError", "ServiceUnavailable", {}],
    // throttling backoff is up to 1 s then 2 s (the SDK's base for SlowDown): a budget that fits it
    ["slow-down", "503 SlowDown", "SlowDown", { S3_BUDGET_MS: "4000" }],
  ] as const)("%s (%s) → %s after maxAttempts attempts", async (mode, _name, code, env) => {
    h.install(env);
    h.fake.mode = mode;
    const res = await h.call(routes.listBuckets);
    report[mode] = { status: res.status, ms: res.ms, attempts: h.fake.attempts(mode) };
    expect(h.fake.attempts(mode)).toBe(h.settings.maxAttempts);
    expect(res.status).toBe(503);
    expectErrorBody(res.json, String(res.json?.request_id), code);
    expect(res.headers["retry-after"]).toMatch(/^[1-9]\d*$/);
    expect(res.ms).toBeLessThan(h.settings.budgetMs);
    expect(res.body).not.toMatch(/InternalError|reduce your request rate|fake-req/);
    await expectHealthyAfterwards();
  });

  it("a mutation against a failing backend reports the failure, not success", async () => {
    h.fake.mode = "internal-error";
    const res = await h.call(routes.setVersioning);
    expect(res.status).toBe(503);
    expect(h.fake.attempts("internal-error")).toBe(h.settings.maxAttempts);
    await expectHealthyAfterwards();
  });
});

describe("broken answers", () => {
  it("malformed XML with 200 → 502 BackendError, not retried", async () => {
    h.fake.mode = "malformed";
    const res = await h.call(routes.listBuckets);
    report.malformed = { status: res.status, ms: res.ms, attempts: h.fake.attempts("malformed") };
    expect(res.status).toBe(502);
    expect(res.json?.code).toBe("BackendError");
    expect(res.json?.detail).toBe("The storage backend returned an unexpected response");
    expect(res.body).not.toContain("trunc");
    expect(h.fake.attempts("malformed")).toBe(1);
    await expectHealthyAfterwards();
  });

  it("a connection dropped mid-request → 502 Unreachable (not a timeout), after retries", async () => {
    h.fake.mode = "reset";
    const res = await h.call(routes.listBuckets);
    report.reset = { status: res.status, ms: res.ms, attempts: h.fake.attempts("reset") };
    expect(res.status).toBe(502);
    expect(res.json?.code).toBe("Unreachable");
    expect(h.fake.attempts("reset")).toBe(h.settings.maxAttempts);
    await expectHealthyAfterwards();
  });

  it("slow but successful (300 ms, under the 500 ms request timeout) → success", async () => {
    h.fake.mode = "slow";
    h.fake.slowMs = 300;
    const res = await h.call(routes.getVersioning);
    report.slow = { status: res.status, ms: res.ms, attempts: h.fake.attempts("slow") };
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: null, mfa_delete: null });
    expect(res.ms).toBeGreaterThanOrEqual(300);
    expect(h.fake.attempts("slow")).toBe(1);
  });
});

describe("one client through every failure", () => {
  it("keeps serving and holds at most one keep-alive socket", async () => {
    const expected: [FakeS3Mode, number][] = [
      ["internal-error", 503],
      ["malformed", 502],
      ["reset", 502],
      ["slow-down", 503],
      ["hang", 504],
      ["slow", 200],
    ];
    h.install({ S3_BUDGET_MS: "4000" });
    const seen: number[] = [];
    for (const [mode] of expected) {
      h.fake.mode = mode;
      seen.push((await h.call(routes.listBuckets)).status);
      await expectHealthyAfterwards();
    }
    expect(seen).toEqual(expected.map(([, status]) => status));
    expect(await h.fake.connectionsSettle(1)).toBeLessThanOrEqual(1);
  });
});

describe("nothing secret leaves", () => {
  it("no failure response carries the HCP key, endpoint or raw backend text", async () => {
    const bodies: string[] = [];
    for (const mode of ["internal-error", "malformed", "reset"] as const) {
      h.fake.mode = mode;
      const res = await h.call(routes.listBuckets);
      bodies.push(JSON.stringify({ body: res.body, headers: res.headers }));
    }
    const all = bodies.join("\n");
    for (const leak of [HCP_SECRET, "AKIDFAULTTEST", h.fake.endpoint, `127.0.0.1:${h.fake.port}`, "<Error", "fake-req", "ECONNRESET"]) {
      expect(all).not.toContain(leak);
    }
  });
});
