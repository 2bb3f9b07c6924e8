import { afterEach, describe, expect, it, vi } from "vitest";
import { endpoint, routeList, routes, type RouteSpec } from "@rahcp/core";
import { handlerSuite } from "../support/handler-suite";
import { invoke, type EventOptions } from "../../kit/events";
import { networkError } from "../support/s3-errors";
import { caseOf, eventFor, storageRoutes } from "../support/route-cases";

const suite = handlerSuite();
const { s3 } = suite;

afterEach(() => {
  vi.unstubAllEnvs();
});

const EXPECTED_SECURITY_HEADERS = {
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "cross-origin-resource-policy": "same-origin",
};

/** Page-oriented headers that mean nothing on a JSON response, and headers that only advertise the stack. */
const UNWANTED = [
  "x-powered-by",
  "server",
  "permissions-policy",
  "cross-origin-embedder-policy",
  "report-to",
  "reporting-endpoints",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-permitted-cross-domain-policies",
  "origin-agent-cluster",
  "x-xss-protection",
];

type Outcome = "success" | "400" | "401" | "403" | "502" | "415";

async function respond(route: RouteSpec, outcome: Outcome, extra: Partial<EventOptions> = {}) {
  const c = caseOf(route);
  if (outcome === "502") c.fail!(s3, networkError("ECONNREFUSED"));
  else c.succeed(s3);
  const token = outcome === "401" ? undefined : outcome === "403" ? await suite.issuer.token("openid") : suite.admin;
  const overrides: Partial<EventOptions> = { ...extra };
  if (outcome === "400") overrides.query = { "<unexpected>": "1" };
  if (outcome === "415") overrides.headers = { ...extra.headers, "content-type": "text/html" };
  return suite.invoke(route, eventFor(route, token, overrides));
}

function expectSecure(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(EXPECTED_SECURITY_HEADERS)) expect(headers[name], name).toBe(value);
  const names = Object.keys(headers).map((n) => n.toLowerCase());
  for (const name of UNWANTED) expect(names).not.toContain(name);
  expect(new Set(names).size).toBe(names.length); // no header twice in different cases
  expect(names.filter((n) => n.startsWith("access-control-"))).toEqual([]); // CORS is off unless configured
}

describe("security headers on every response", () => {
  const outcomes: Outcome[] = ["success", "400", "401", "403", "502"];
  // No 502 without a backend call, no 403 where no scope is needed.
  const applies = (route: RouteSpec, o: Outcome) => (o !== "502" || storageRoutes.includes(route)) && (o !== "403" || route.permission !== "authenticated");
  const matrix = routeList.flatMap((route) => outcomes.filter((o) => applies(route, o)).map((o) => [route.id, o, route] as const));

  it.each(matrix)("%s → %s", async (_id, outcome, route) => {
    const res = await respond(route, outcome, { headers: { origin: "https://evil.example" } });
    expect(outcome === "success" ? res.status : String(res.status)).toBe(outcome === "success" ? route.successStatus : outcome);
    expectSecure(res.headers);
  });

  it.each(routeList.filter((r) => r.body).map((r) => [r.id, r] as const))("%s → 415 and 413", async (_id, route) => {
    expectSecure((await respond(route, "415")).headers);
    const big = await suite.invoke(route, eventFor(route, suite.admin, { body: JSON.stringify({ pad: "x".repeat(70_000) }) }));
    expect(big.status).toBe(413);
    expectSecure(big.headers);
  });
});

describe("errors never echo untrusted input unescaped", () => {
  it("a body key like <script> appears only JSON-escaped, and truncated", async () => {
    const key = `<script>alert(document.cookie)</script>${"A".repeat(200)}`;
    const res = await suite.invoke(routes.createBucket, eventFor(routes.createBucket, suite.admin, { body: { bucket: "ok-bucket", [key]: 1 } }));
    expect(res.status).toBe(400);
    expect(res.body).not.toMatch(/[<>]/);
    expect(res.body).toContain("\\u003cscript\\u003e");
    const detail = String(res.json?.detail);
    expect(detail).toContain(`'${key.slice(0, 64)}'`); // decoded, the client still reads the name
    expect(detail).not.toContain(key.slice(0, 65));
  });

  it("thousands of unknown fields give a short error naming a few of them", async () => {
    const body = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`field${i}`, i]));
    const res = await suite.invoke(routes.setVersioning, eventFor(routes.setVersioning, suite.admin, { body: { status: "Enabled", ...body } }));
    expect(res.status).toBe(400);
    const detail = String(res.json?.detail);
    expect(detail).toMatch(/^Unknown request body fields 'field0', 'field1', 'field2', 'field3', 'field4' and 1995 more$/);
    expect(res.body!.length).toBeLessThan(400);
  });

  it.each([
    ["query key", { query: { '"><img src=x onerror=alert(1)>': "1" } }],
    ["query value", { query: { max_keys: "<b>5</b>" } }],
    ["path parameter", { pathParameters: { bucket: "<svg onload=alert(1)>" } }],
  ] as const)("a %s with markup comes back without a single < or >", async (_name, overrides) => {
    const res = await suite.invoke(routes.listVersions, eventFor(routes.listVersions, suite.admin, overrides));
    expect(res.status).toBe(400);
    expect(res.body).not.toMatch(/[<>]/);
    expect(res.headers["content-type"]).toBe("application/json");
  });

  it("CR/LF in input stays inside the JSON body and never reaches a header", async () => {
    const res = await suite.invoke(
      routes.createBucket,
      eventFor(routes.createBucket, suite.admin, { body: { bucket: "ok-bucket", "x\r\nSet-Cookie: session=evil": 1 } }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain("\\r\\n");
    expect(Object.keys(res.headers).map((h) => h.toLowerCase())).not.toContain("set-cookie");
    expect(Object.values(res.headers).join("\n")).not.toContain("evil");
  });
});

describe("CORS", () => {
  it("is never the function's: no Access-Control-* header, whatever the Origin or CORS_ALLOWED_ORIGINS (API Gateway answers CORS)", async () => {
    vi.stubEnv("CORS_ALLOWED_ORIGINS", "https://console.example.com");
    caseOf(routes.listBuckets).succeed(s3);
    // endpoint() runs as a container's init does, after the stage's environment is set
    const handler = endpoint(routes.listBuckets, async ({ store }) => {
      const { buckets } = await store.listBuckets();
      return { buckets: buckets.map((b) => ({ name: b.name, creation_date: null })), owner: null, is_truncated: false, next_continuation_token: null };
    });
    for (const origin of ["https://console.example.com", "null", "*"]) {
      for (const token of [suite.admin, undefined]) {
        const res = await invoke(handler, eventFor(routes.listBuckets, token, { headers: { origin } }));
        expect(res.status).toBe(token ? 200 : 401);
        expect(Object.keys(res.headers).filter((h) => h.toLowerCase().startsWith("access-control-"))).toEqual([]);
      }
    }
  });
});
