import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The logger reads its level (and whether to log events) once, when the module loads: before any import.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
  process.env.POWERTOOLS_LOGGER_LOG_EVENT = "true"; // an operator switching this on must still not leak the token
  process.env.HCP_SECRET_ACCESS_KEY = "hcp-secret-0123456789abcdef0123456789";
  process.env.HCP_ACCESS_KEY_ID = "AKIDLOGGINGTEST0001";
  process.env.HCP_ENDPOINT = "https://logging-tenant.hcp.test.invalid"; // the container builds its tenant from these
});

import { endpoint, logger, parsePolicy, routeList, routes, useAccessPolicy, type RouteSpec } from "@rahcp/core";
import { handlerSuite } from "../support/handler-suite";
import { invoke, type EventOptions } from "../../kit/events";
import { networkError, s3Error } from "../support/s3-errors";
import { caseOf, eventFor, storageRoutes } from "../support/route-cases";

const HCP_SECRET = process.env.HCP_SECRET_ACCESS_KEY!;
const suite = handlerSuite({ tenants: "environment" });
const { s3 } = suite;

/** Every line the process wrote to stdout or stderr while capturing. */
let lines: string[] = [];

function capture(): void {
  lines = [];
  const grab = (chunk: unknown) => {
    lines.push(...String(chunk).split("\n").filter((l) => l.trim() !== ""));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(grab as typeof process.stdout.write);
  vi.spyOn(process.stderr, "write").mockImplementation(grab as typeof process.stderr.write);
}

type LogLine = Record<string, unknown>;
const parsed = (): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);
const auditLines = () => parsed().filter((l) => l.audit === true);

beforeEach(() => {
  capture();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const mutations = routeList.filter((route) => route.audit);

/** The outcomes a route can have: no backend failure without a backend call, no 403 without a scope to lack. */
function outcomesOf<O extends string>(route: RouteSpec, outcomes: readonly O[]): O[] {
  return outcomes.filter((o) => (o !== "backend failure" || storageRoutes.includes(route)) && (o !== "403" || route.permission !== "authenticated"));
}
const reads = routeList.filter((route) => !route.audit);

type Outcome = "success" | "validation failure" | "401" | "403" | "backend failure";

interface Sent {
  status: number;
  requestId: string;
  token: string | undefined;
  body: string | undefined;
}

async function send(route: RouteSpec, outcome: Outcome): Promise<Sent> {
  const c = caseOf(route);
  if (outcome === "backend failure") c.fail!(s3, s3Error("SlowDown", 503, `SlowDown for ${HCP_SECRET}`));
  else c.succeed(s3);
  const token =
    outcome === "401" ? `${(await suite.issuer.token("buckets:admin")).slice(0, -6)}AAAAAA` // forged signature
    : outcome === "403" ? await suite.issuer.token("buckets:read")
    : await suite.issuer.sign({ sub: "alice@example.com", scope: "buckets:admin" });
  const overrides: Partial<EventOptions> = {};
  if (outcome === "validation failure") {
    if (route.params) overrides.pathParameters = { bucket: "Bad_Name" };
    else overrides.body = { bucket: "Bad_Name" };
  }
  const event = eventFor(route, token, overrides);
  const res = await suite.invoke(route, event);
  return { status: res.status, requestId: event.requestContext.requestId, token, body: res.body };
}

describe("logs are structured JSON with the request id on every line", () => {
  it("every line any request writes parses as one JSON object with level, message, timestamp, service and request_id", async () => {
    const sent: Sent[] = [];
    for (const route of routeList) for (const outcome of outcomesOf(route, ["success", "401", "backend failure"])) sent.push(await send(route, outcome));
    const all = parsed();
    expect(all.length).toBeGreaterThanOrEqual(mutations.length * 3 + storageRoutes.length); // audits + 503 error lines
    for (const line of all) {
      expect(line).toMatchObject({ level: expect.any(String), message: expect.any(String), timestamp: expect.any(String), service: "rahcp" });
      expect(sent.map((s) => s.requestId)).toContain(line.request_id);
    }
  });

  it("a line written from inside the operation carries the API request id and the Lambda context", async () => {
    caseOf(routes.listBuckets).succeed(s3);
    const handler = endpoint(routes.listBuckets, async () => {
      logger.warn("inside the operation", { detail: "something worth a warning" });
      return { buckets: [], owner: null, is_truncated: false, next_continuation_token: null };
    });
    const event = eventFor(routes.listBuckets, await suite.issuer.token("buckets:read"));
    expect((await invoke(handler, event)).status).toBe(200);
    const [line] = parsed().filter((l) => l.message === "inside the operation");
    expect(line).toMatchObject({
      request_id: event.requestContext.requestId,
      function_request_id: expect.stringMatching(/^lambda-/),
      function_name: "test",
      cold_start: expect.any(Boolean),
    });
    // the keys end with the invocation: nothing leaks into the next one, or outside
    logger.info("between invocations");
    const [after] = parsed().filter((l) => l.message === "between invocations");
    expect(after).not.toHaveProperty("request_id");
  });

  it("never logs the invocation event, even with POWERTOOLS_LOGGER_LOG_EVENT=true", async () => {
    await send(routes.listBuckets, "success");
    expect(parsed().filter((l) => l.message === "Lambda invocation event")).toEqual([]);
  });
});

describe("exactly one audit line per mutation", () => {
  const outcomes: Outcome[] = ["success", "validation failure", "401", "403", "backend failure"];
  const matrix = mutations.flatMap((route) => outcomes.map((o) => [route.id, o, route] as const));

  it.each(matrix)("%s, %s", async (_id, outcome, route) => {
    const sent = await send(route, outcome);
    const expectedStatus = { success: route.successStatus, "validation failure": 400, "401": 401, "403": 403, "backend failure": 503 }[outcome];
    expect(sent.status).toBe(expectedStatus);
    const audits = auditLines();
    expect(audits).toHaveLength(1);
    const [audit] = audits;
    expect(audit).toMatchObject({
      audit: true,
      action: route.audit,
      // unknown when the token was refused; a valid token without the scope is still attributed
      sub: outcome === "401" ? "-" : outcome === "403" ? "test-user" : "alice@example.com",
      result: outcome === "success" ? "success" : "failure",
      status: expectedStatus,
      request_id: sent.requestId,
    });
    // which bucket: the request's (the raw name, truncated, when validation refused it); a create's
    // body is only read once the caller is authorised, so a refused create names no bucket
    const bodyUnread = !route.params && (outcome === "401" || outcome === "403");
    expect(audit!.bucket).toBe(bodyUnread ? "-" : outcome === "validation failure" ? "Bad_Name" : "team-data-2024");
    // the tenant once the token named one; the rule once the policy decided (no policy here: the scopes did)
    expect(audit!.tenant).toBe(outcome === "401" || outcome === "403" ? "-" : "default");
    expect(audit!.rule).toBe(outcome === "success" || outcome === "backend failure" ? "no-policy" : "-");
  });

  it("names the rule that granted, or 'none' when the policy refused", async () => {
    useAccessPolicy(
      parsePolicy({ rules: [{ id: "team-a-rw", who: { group: "team-a" }, tenant: "default", buckets: ["team-*"], allow: ["write"] }] }, "audit.yaml"),
    );
    try {
      const token = await suite.issuer.sign({ scope: "buckets:write", groups: ["team-a"] });
      caseOf(routes.deleteBucket).succeed(s3);
      await suite.invoke(routes.deleteBucket, eventFor(routes.deleteBucket, token, { pathParameters: { bucket: "team-data" } }));
      await suite.invoke(routes.deleteBucket, eventFor(routes.deleteBucket, token, { pathParameters: { bucket: "other-data" } }));
      expect(auditLines().map((l) => [l.bucket, l.tenant, l.rule, l.status, l.result])).toEqual([
        ["team-data", "default", "team-a-rw", 200, "success"],
        ["other-data", "default", "none", 403, "failure"],
      ]);
    } finally {
      useAccessPolicy(undefined);
    }
  });

  it.each(reads.map((r) => [r.id, r] as const))("%s (a read) writes no audit line", async (_id, route) => {
    await send(route, "success");
    expect(auditLines()).toEqual([]);
  });

  it("an audit line names an attacker-chosen bucket only JSON-escaped and truncated", async () => {
    caseOf(routes.deleteBucket).succeed(s3);
    const evil = `evil"\n{"audit":true,"sub":"root"}${"x".repeat(200)}`;
    await suite.invoke(routes.deleteBucket, eventFor(routes.deleteBucket, await suite.issuer.token("buckets:admin"), { pathParameters: { bucket: evil } }));
    expect(lines).toHaveLength(1); // the newline did not split the line (no forged second audit entry)
    const [audit] = auditLines();
    expect(String(audit!.bucket).length).toBeLessThanOrEqual(80);
    expect(audit!.sub).toBe("test-user");
  });
});

describe("no token, secret or stack trace in any log line", () => {
  const outcomes: Outcome[] = ["success", "validation failure", "401", "403", "backend failure"];
  const matrix = routeList.flatMap((route) => outcomesOf(route, outcomes).map((o) => [route.id, o, route] as const));

  it.each(matrix)("%s, %s", async (_id, outcome, route) => {
    const sent = await send(route, outcome);
    const text = lines.join("\n");
    const [, payload, signature] = sent.token!.split(".");
    for (const secret of [sent.token!, payload!, signature!, HCP_SECRET, "AKIDLOGGINGTEST0001"]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\bat .+:\d+:\d+|\\n\s+at |"stack"/);
  });

  it.each([
    ["connection refused", () => networkError("ECONNREFUSED")],
    ["an unexpected SDK error", () => Object.assign(new TypeError(`boom with ${HCP_SECRET}`), { $metadata: {} })],
  ])("a backend failure (%s) logs one error line with name and code, no stack, no secret", async (_name, error) => {
    caseOf(routes.listBuckets).fail!(s3, error());
    const res = await suite.invoke(routes.listBuckets, eventFor(routes.listBuckets, await suite.issuer.token("buckets:read")));
    expect(res.status).toBe(502);
    const errors = parsed().filter((l) => l.level === "ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: "request failed", status: 502, request_id: res.json?.request_id });
    const text = lines.join("\n");
    expect(text).not.toContain(HCP_SECRET);
    expect(text).not.toMatch(/\bat .+:\d+:\d+|"stack"/);
  });
});
