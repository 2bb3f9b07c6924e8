import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RahcpClient, RahcpError, RetryableError, type FetchLike } from "@rahcp/client";
import { apiError, connectionRefused, hangingResponse, json, scriptedFetch } from "../support/mock-fetch";

const LIST = { buckets: [], owner: null };

/** Settles a promise into a value so pending rejections never go unhandled while timers advance. */
function settle<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

function client(fetch: FetchLike, options: { retries?: number; random?: number; timeoutMs?: number; maxRetryAfterMs?: number } = {}) {
  return new RahcpClient({
    endpoint: "http://api.test",
    token: "t",
    fetch,
    retries: options.retries ?? 3,
    timeoutMs: options.timeoutMs ?? 30_000,
    retryPolicy: { baseDelayMs: 200, maxDelayMs: 5_000, random: () => options.random ?? 0.5, maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000 },
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("retries of idempotent calls", () => {
  it("retries 503 after a jittered backoff and returns the later success", async () => {
    const mock = scriptedFetch(apiError(503, "ServiceUnavailable", "busy"), json(200, LIST));
    const result = settle(client(mock.fetch, { random: 0.5 }).s3.listBuckets());
    await vi.advanceTimersByTimeAsync(0);
    expect(mock.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99); // ceiling 200 ms × random 0.5 = 100 ms
    expect(mock.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(mock.calls).toHaveLength(2);
    expect(result).toMatchObject({ done: true, value: LIST });
  });

  it("doubles the backoff ceiling each retry (full jitter draws below it)", async () => {
    const mock = scriptedFetch(
      apiError(502, "BadGateway", "x"),
      apiError(504, "GatewayTimeout", "x"),
      apiError(429, "TooManyRequests", "x"),
      json(200, LIST),
    );
    const result = settle(client(mock.fetch, { random: 0.999 }).s3.listBuckets());
    const callTimes: number[] = [];
    for (let t = 0; t <= 1_500; t += 1) {
      await vi.advanceTimersByTimeAsync(t === 0 ? 0 : 1);
      while (callTimes.length < mock.calls.length) callTimes.push(t);
    }
    // waits of floor(0.999 × 200), floor(0.999 × 400), floor(0.999 × 800)
    expect(callTimes).toEqual([0, 199, 199 + 399, 199 + 399 + 799]);
    expect(result.done && result.value).toEqual(LIST);
  });

  it("waits exactly Retry-After (seconds) instead of the backoff", async () => {
    const mock = scriptedFetch(apiError(429, "TooManyRequests", "slow down", "r1", { "retry-after": "2" }), json(200, LIST));
    const result = settle(client(mock.fetch, { random: 0 }).s3.listBuckets());
    await vi.advanceTimersByTimeAsync(1_999);
    expect(mock.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(mock.calls).toHaveLength(2);
    expect(result.done).toBe(true);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const mock = scriptedFetch(apiError(503, "ServiceUnavailable", "maintenance", "r1", { "retry-after": "Tue, 01 Jan 2030 00:00:05 GMT" }), json(200, LIST));
    const result = settle(client(mock.fetch).s3.listBuckets());
    await vi.advanceTimersByTimeAsync(4_999);
    expect(mock.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(mock.calls).toHaveLength(2);
    expect(result.done).toBe(true);
  });

  it("does not wait for a Retry-After longer than the limit: fails at once, telling how long", async () => {
    const mock = scriptedFetch(apiError(503, "ServiceUnavailable", "down", "r1", { "retry-after": "3600" }));
    const result = settle(client(mock.fetch, { maxRetryAfterMs: 60_000 }).s3.listBuckets());
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toBeInstanceOf(RetryableError);
    expect(result.error).toMatchObject({ status: 503, retryAfterMs: 3_600_000 });
    expect(mock.calls).toHaveLength(1);
  });

  it("gives up after `retries` retries with the last RetryableError", async () => {
    const mock = scriptedFetch(...[1, 2, 3].map((n) => apiError(503, "ServiceUnavailable", `busy ${n}`, `r${n}`)));
    const result = settle(client(mock.fetch, { retries: 2, random: 0 }).s3.getVersioning("b1"));
    await vi.advanceTimersByTimeAsync(10);
    expect(mock.calls).toHaveLength(3);
    expect(result.error).toBeInstanceOf(RetryableError);
    expect(result.error).toMatchObject({ status: 503, detail: "busy 3", requestId: "r3" });
  });

  it("retries network errors of GET, PUT, DELETE and HEAD", async () => {
    const mock = scriptedFetch(
      connectionRefused(),
      json(200, LIST),
      connectionRefused(),
      json(200, { status: "updated", versioning: "Enabled" }),
      connectionRefused(),
      json(200, { status: "deleted", bucket: "b1" }),
      connectionRefused(),
      new Response(null, { status: 200 }),
    );
    const c = client(mock.fetch, { random: 0 });
    const results: { error?: unknown }[] = [settle(c.s3.listBuckets())];
    await vi.advanceTimersByTimeAsync(1);
    results.push(settle(c.s3.setVersioning("b1", "Enabled")));
    await vi.advanceTimersByTimeAsync(1);
    results.push(settle(c.s3.deleteBucket("b1")));
    await vi.advanceTimersByTimeAsync(1);
    results.push(settle(c.s3.bucketExists("b1")));
    await vi.advanceTimersByTimeAsync(1);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(mock.calls.map((call) => call.method)).toEqual(["GET", "GET", "PUT", "PUT", "DELETE", "DELETE", "HEAD", "HEAD"]);
  });

  it("reports a network error that persists as RetryableError NetworkError with the reason", async () => {
    const mock = scriptedFetch(connectionRefused(), connectionRefused());
    const result = settle(client(mock.fetch, { retries: 1, random: 0 }).s3.listBuckets());
    await vi.advanceTimersByTimeAsync(1);
    expect(result.error).toBeInstanceOf(RetryableError);
    expect(result.error).toMatchObject({ status: 0, code: "NetworkError" });
    expect((result.error as Error).message).toBe("cannot reach http://api.test for GET /api/v1/buckets: fetch failed: connect ECONNREFUSED 127.0.0.1:9 (NetworkError)");
  });
});

describe("POST is never retried", () => {
  it("a 503 on create fails at once", async () => {
    const mock = scriptedFetch(apiError(503, "ServiceUnavailable", "busy"), json(201, { status: "created", bucket: "b1" }));
    const result = settle(client(mock.fetch).s3.createBucket("b1"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(result.error).toBeInstanceOf(RetryableError);
    expect(mock.calls).toHaveLength(1);
    expect(mock.remaining()).toBe(1);
  });

  it("a network error on create fails at once (the bucket may or may not exist now)", async () => {
    const mock = scriptedFetch(connectionRefused(), json(201, { status: "created", bucket: "b1" }));
    const result = settle(client(mock.fetch).s3.createBucket("b1"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(result.error).toMatchObject({ code: "NetworkError" });
    expect(mock.calls).toHaveLength(1);
  });
});

describe("timeouts and cancellation", () => {
  it("aborts an attempt after timeoutMs and raises RetryableError Timeout", async () => {
    const mock = scriptedFetch(hangingResponse);
    const result = settle(client(mock.fetch, { retries: 0, timeoutMs: 1_000 }).s3.listBuckets());
    await vi.advanceTimersByTimeAsync(999);
    expect(result.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(result.error).toBeInstanceOf(RetryableError);
    expect(result.error).toMatchObject({ code: "Timeout", status: 0 });
    expect((result.error as Error).message).toBe("no response from http://api.test to GET /api/v1/buckets within 1000 ms (Timeout)");
    expect(mock.calls[0]!.signal?.aborted).toBe(true);
  });

  it("a timed-out GET is retried with a fresh timeout", async () => {
    const mock = scriptedFetch(hangingResponse, json(200, LIST));
    const result = settle(client(mock.fetch, { retries: 1, timeoutMs: 1_000, random: 0 }).s3.listBuckets());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(mock.calls[0]!.signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1); // the zero backoff is a timer too
    expect(mock.calls).toHaveLength(2);
    expect(result).toMatchObject({ done: true, value: LIST });
  });

  it("the caller's abort rejects with its reason and is not retried", async () => {
    const mock = scriptedFetch(hangingResponse, json(200, LIST));
    const controller = new AbortController();
    const result = settle(client(mock.fetch).s3.listBuckets({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error("user cancelled"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(result.error).toEqual(new Error("user cancelled"));
    expect(result.error).not.toBeInstanceOf(RahcpError);
    expect(mock.calls).toHaveLength(1);
  });

  it("the caller's abort also cuts a retry wait short", async () => {
    const mock = scriptedFetch(apiError(503, "ServiceUnavailable", "busy", "r", { "retry-after": "30" }), json(200, LIST));
    const controller = new AbortController();
    const result = settle(client(mock.fetch).s3.listBuckets({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort(new Error("stop"));
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toEqual(new Error("stop"));
    expect(mock.calls).toHaveLength(1);
  });
});
