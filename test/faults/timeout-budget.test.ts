import { MAXIMUM_RETRY_DELAY, Retry } from "@smithy/core/retry";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routes, s3Settings, type S3Settings } from "@rahcp/core";
import { faultHarness, type FaultHarness } from "./harness";

/** API Gateway ends every integration at 29 s, whatever the function is still doing. */
const API_GATEWAY_LIMIT_MS = 29_000;
/** aws-jwt-verify's fetcher: 3 s response timeout, one immediate retry (a cold container's first request). */
const JWKS_FETCH_WORST_MS = 2 * 3_000;
/** Lambda invoke overhead, token verification, validation, serialisation. */
const HANDLER_MARGIN_MS = 2_000;

/**
 * Worst backoff the SDK's standard retry strategy can sleep between maxAttempts attempts: the
 * throttling base (the larger one) doubled per retry, capped, with full jitter below that. Read from
 * the SDK itself so an upgrade that changes it fails here. (A Retry-After header can stretch each
 * sleep by up to 5 s more; the budget still cuts that off.)
 */
function worstBackoffMs(maxAttempts: number): number {
  const base = Math.max(Retry.delay(), Retry.throttlingDelay());
  let total = 0;
  for (let retry = 0; retry < maxAttempts - 1; retry++) total += Math.min(base * 2 ** retry, MAXIMUM_RETRY_DELAY);
  return total;
}

/** Every attempt spending its whole connect and request timeout, plus every backoff sleep. */
const worstCaseWithoutBudget = (s: S3Settings) => s.maxAttempts * (s.connectTimeoutMs + s.requestTimeoutMs) + worstBackoffMs(s.maxAttempts);

describe("the configured defaults fit API Gateway's 29 s", () => {
  beforeEach(() => {
    for (const name of ["S3_CONNECT_TIMEOUT_MS", "S3_REQUEST_TIMEOUT_MS", "S3_MAX_ATTEMPTS", "S3_BUDGET_MS"]) vi.stubEnv(name, undefined);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it("maxAttempts × (connect + request timeout) + worst backoff ≤ S3_BUDGET_MS", () => {
    const defaults = s3Settings();
    expect(defaults.maxAttempts).toBeGreaterThanOrEqual(2); // one retry at least: HCP nodes do restart
    expect(worstCaseWithoutBudget(defaults)).toBeLessThanOrEqual(defaults.budgetMs);
  });

  it("S3_BUDGET_MS + a cold JWKS fetch + handler overhead < 29 s", () => {
    const { budgetMs } = s3Settings();
    expect(budgetMs + JWKS_FETCH_WORST_MS + HANDLER_MARGIN_MS).toBeLessThan(API_GATEWAY_LIMIT_MS);
  });

  it("states the numbers (documentation for operators)", () => {
    const d = s3Settings();
    expect({ connect: d.connectTimeoutMs, request: d.requestTimeoutMs, attempts: d.maxAttempts, budget: d.budgetMs }).toEqual({
      connect: 1_000,
      request: 4_500,
      attempts: 3,
      budget: 20_000,
    });
    expect(worstBackoffMs(d.maxAttempts)).toBe(3_000);
    expect(worstCaseWithoutBudget(d)).toBe(19_500);
  });
});

describe("the budget", () => {
  let h: FaultHarness;

  beforeAll(async () => {
    h = await faultHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.mode = "ok";
    h.fake.requests.length = 0;
    h.fake.buckets.clear();
  });

  it("aborts the attempt in flight: a 10 s request timeout is cut at the 600 ms budget and the socket closed", async () => {
    h.install({ S3_REQUEST_TIMEOUT_MS: "10000", S3_BUDGET_MS: "600" });
    h.fake.mode = "hang";
    const res = await h.call(routes.listBuckets);
    expect(res.status).toBe(504);
    expect(res.json?.code).toBe("Timeout");
    expect(res.ms).toBeGreaterThanOrEqual(590);
    expect(res.ms).toBeLessThan(900);
    expect(h.fake.attempts("hang")).toBe(1); // aborted, not retried
    expect(await h.fake.connectionsSettle(0, 200)).toBe(0);
    h.fake.mode = "ok";
    expect((await h.call(routes.listBuckets)).status).toBe(200);
  });

  it("aborts a backoff sleep too: no further attempt starts after the budget", async () => {
    h.install({ S3_BUDGET_MS: "300", S3_MAX_ATTEMPTS: "5" });
    h.fake.mode = "slow-down"; // throttling backoff: up to 1 s, 2 s, 4 s … between attempts
    const res = await h.call(routes.listBuckets);
    const attemptsAtAnswer = h.fake.attempts("slow-down");
    expect([503, 504]).toContain(res.status);
    expect(res.ms).toBeLessThan(600);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(h.fake.attempts("slow-down")).toBe(attemptsAtAnswer);
  });

  it("covers a whole operation: create's existence check and CreateBucket share one budget", async () => {
    // each S3 call takes 400 ms: alone each fits the 600 ms budget, together they do not
    h.install({ S3_REQUEST_TIMEOUT_MS: "1000", S3_BUDGET_MS: "600" });
    h.fake.mode = "slow";
    h.fake.slowMs = 400;
    const res = await h.call(routes.createBucket, { body: { bucket: "new-bucket" } });
    expect(res.status).toBe(504);
    expect(res.ms).toBeLessThan(900);
  });
});
