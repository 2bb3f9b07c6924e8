import { S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { endpoint, routeList, routes, type RouteSpec } from "@rahcp/core";
import { invoke, type EventOptions } from "../support/events";
import { loadHandler, type LambdaHandler } from "../support/handlers";
import { networkError } from "../support/s3-errors";
import { createTestIssuer, trustTestIssuer, type TestIssuer } from "../support/tokens";
import { caseOf, eventFor } from "../unit/route-cases";

const s3 = mockClient(S3Client);
const handlers = new Map<string, LambdaHandler>();
let issuer: TestIssuer;
let admin: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  admin = await issuer.token("buckets:admin");
  for (const route of routeList) handlers.set(route.id, await loadHandler(route));
});

beforeEach(() => {
  trustTestIssuer(issuer);
  s3.reset();
});

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
  if (outcome === "502") c.fail(s3, networkError("ECONNREFUSED"));
  else c.succeed(s3);
  const token = outcome === "401" ? undefined : outcome === "403" ? await issuer.token("openid") : admin;
  const overrides: Partial<EventOptions> = { ...extra };
  if (outcome === "400") overrides.query = { "<unexpected>": "1" };
  if (outcome === "415") overrides.headers = { ...extra.headers, "content-type": "text/html" };
  return invoke(handlers.get(route.id), eventFor(route, token, overrides));
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
  const matrix = routeList.flatMap((route) => outcomes.map((o) => [route.id, o, route] as const));

  it.each(matrix)("%s → %s", async (_id, outcome, route) => {
    const res = await respond(route, outcome, { headers: { origin: "https://evil.example" } });
    expect(outcome === "success" ? res.status : String(res.status)).toBe(outcome === "success" ? route.successStatus : outcome);
    expectSecure(res.headers);
  });

  it.each(routeList.filter((r) => r.body).map((r) => [r.id, r] as const))("%s → 415 and 413", async (_id, route) => {
    expectSecure((await respond(route, "415")).headers);
    const big = await invoke(handlers.get(route.id), eventFor(route, admin, { body: JSON.stringify({ pad: "x".repeat(70_000) }) }));
    expect(big.status).toBe(413);
    expectSecure(big.headers);
  });
});

describe("errors never echo untrusted input unescaped", () => {
  it("a body key like <script> appears only JSON-escaped, and truncated", async () => {
    const key = `<script>alert(document.cookie)</script>${"A".repeat(200)}`;
    const res = await invoke(handlers.get(routes.createBucket.id), eventFor(routes.createBucket, admin, { body: { bucket: "ok-bucket", [key]: 1 } }));
    expect(res.status).toBe(400);
    expect(res.body).not.toMatch(/[<>]/);
    expect(res.body).toContain("\\u003cscript\\u003e");
    const detail = String(res.json?.detail);
    expect(detail).toContain(`'${key.slice(0, 64)}'`); // decoded, the client still reads the name
    expect(detail).not.toContain(key.slice(0, 65));
  });

  it("thousands of unknown fields give a short error naming a few of them", async () => {
    const body = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`field${i}`, i]));
    const res = await invoke(handlers.get(routes.setVersioning.id), eventFor(routes.setVersioning, admin, { body: { status: "Enabled", ...body } }));
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
    const res = await invoke(handlers.get(routes.listVersions.id), eventFor(routes.listVersions, admin, overrides));
    expect(res.status).toBe(400);
    expect(res.body).not.toMatch(/[<>]/);
    expect(res.headers["content-type"]).toBe("application/json");
  });

  it("CR/LF in input stays inside the JSON body and never reaches a header", async () => {
    const res = await invoke(
      handlers.get(routes.createBucket.id),
      eventFor(routes.createBucket, admin, { body: { bucket: "ok-bucket", "x\r\nSet-Cookie: session=evil": 1 } }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toContain("\\r\\n");
    expect(Object.keys(res.headers).map((h) => h.toLowerCase())).not.toContain("set-cookie");
    expect(Object.values(res.headers).join("\n")).not.toContain("evil");
  });
});

describe("CORS", () => {
  const listBuckets = () => {
    caseOf(routes.listBuckets).succeed(s3);
    // endpoint() reads CORS_ALLOWED_ORIGINS when the handler is built, as a container does at init
    return endpoint(routes.listBuckets, async ({ store }) => {
      const { buckets } = await store.listBuckets();
      return { buckets: buckets.map((b) => ({ name: b.name, creation_date: null })), owner: null };
    });
  };
  const request = (origin: string, anonymous = false) =>
    eventFor(routes.listBuckets, anonymous ? undefined : admin, { headers: { origin } });

  it("is off by default: no Access-Control-* header, whatever the Origin", async () => {
    vi.stubEnv("CORS_ALLOWED_ORIGINS", undefined);
    const handler = listBuckets();
    for (const origin of ["https://console.example.com", "null", "*"]) {
      const res = await invoke(handler, request(origin));
      expect(res.status).toBe(200);
      expect(Object.keys(res.headers).filter((h) => h.toLowerCase().startsWith("access-control-"))).toEqual([]);
    }
  });

  describe("with CORS_ALLOWED_ORIGINS set for the stage", () => {
    beforeEach(() => {
      vi.stubEnv("CORS_ALLOWED_ORIGINS", "https://console.example.com, https://admin.example.com");
    });

    it("allows a listed origin, exposes the request id and Retry-After, varies on Origin, never allows credentials", async () => {
      const res = await invoke(listBuckets(), request("https://admin.example.com"));
      expect(res.status).toBe(200);
      expect(res.headers["Access-Control-Allow-Origin"]).toBe("https://admin.example.com");
      expect(res.headers["Access-Control-Expose-Headers"]).toBe("x-request-id, retry-after, www-authenticate");
      expect(res.headers["Vary"]).toMatch(/Origin/);
      expect(res.headers["Access-Control-Allow-Credentials"]).toBeUndefined();
      expectSecureExceptCors(res.headers);
    });

    it("gives an unlisted origin no Access-Control-Allow-Origin", async () => {
      for (const origin of ["https://evil.example", "https://console.example.com.evil.example", "null"]) {
        const res = await invoke(listBuckets(), request(origin));
        expect(res.headers["Access-Control-Allow-Origin"]).toBeUndefined();
      }
    });

    it("lets a listed origin read error responses too (401 without a token)", async () => {
      const res = await invoke(listBuckets(), request("https://console.example.com", true));
      expect(res.status).toBe(401);
      expect(res.headers["Access-Control-Allow-Origin"]).toBe("https://console.example.com");
      expectSecureExceptCors(res.headers);
    });
  });

  it("'*' allows any origin, still without credentials", async () => {
    vi.stubEnv("CORS_ALLOWED_ORIGINS", "*");
    const res = await invoke(listBuckets(), request("https://anyone.example"));
    expect(res.headers["Access-Control-Allow-Origin"]).toBe("*");
    expect(res.headers["Access-Control-Allow-Credentials"]).toBeUndefined();
  });
});

function expectSecureExceptCors(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(EXPECTED_SECURITY_HEADERS)) expect(headers[name], name).toBe(value);
}
