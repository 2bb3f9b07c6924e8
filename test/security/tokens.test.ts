import { createPublicKey, randomBytes } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { SignJWT } from "jose";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTokenVerifier, routeList, routes, useTokenVerifier, type RouteSpec } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadRouteHandlers, type LambdaHandler } from "../support/handlers";
import { createTestIssuer, TEST_AUDIENCE, TEST_ISSUER, TEST_JWKS_URI, testAuthSettings, trustTestIssuer, type TestIssuer } from "../support/tokens";
import { useMockedTenants } from "../support/tenants";
import { caseOf, eventFor, expectErrorBody } from "../unit/route-cases";

/**
 * Token attacks that test/unit/auth.test.ts does not already cover: JWKS refetch flooding with
 * random key ids, keys smuggled in the token header, algorithm confusion with the real public key,
 * tokens in the query string, oversized tokens and scope checks that must win over everything else.
 */

const s3 = mockClient(S3Client);
let handlers: Map<string, LambdaHandler>;
let issuer: TestIssuer;

const writeRoutes = routeList.filter((route) => route.permission === "write" || route.permission === "admin");
const routeRows = (list: readonly RouteSpec[]) => list.map((route) => [route.id, route] as const);

beforeAll(async () => {
  issuer = await createTestIssuer();
  handlers = await loadRouteHandlers();
});

beforeEach(() => {
  trustTestIssuer(issuer);
  useMockedTenants();
  s3.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

async function send(route: RouteSpec, overrides: Parameters<typeof eventFor>[2] = {}, token?: string) {
  caseOf(route).succeed(s3);
  const event = eventFor(route, token, overrides);
  const res = await invoke(handlers.get(route.id), event);
  return { event, res };
}

/** A JWKS endpoint stand-in that answers at once and records every URI it was asked for. */
class CountingFetcher {
  readonly uris: string[] = [];
  constructor(private readonly jwks: () => unknown) {}
  async fetch(uri: string): Promise<ArrayBuffer> {
    this.uris.push(uri);
    await Promise.resolve(); // concurrent verifications overlap the fetch
    return new TextEncoder().encode(JSON.stringify(this.jwks())).buffer as ArrayBuffer;
  }
}

/** The production cache (default penalty box), with the network replaced by a counter. */
function installCountingCache(preload: boolean): CountingFetcher {
  const fetcher = new CountingFetcher(() => issuer.jwks);
  const cache = new SimpleJwksCache({ fetcher });
  if (preload) cache.addJwks(TEST_JWKS_URI, issuer.jwks);
  useTokenVerifier(testAuthSettings, createTokenVerifier(testAuthSettings, cache));
  return fetcher;
}

/** Correctly signed by the trusted key, but naming a key id the JWKS does not have. */
const randomKidToken = () => issuer.sign({ scope: "buckets:admin" }, { kid: `kid-${randomBytes(12).toString("hex")}` });

describe("RS256 with an unknown kid: JWKS refetches are rate-limited", () => {
  it("50 sequential requests with random unknown kids cost one JWKS fetch (warm cache)", async () => {
    const fetcher = installCountingCache(true);
    for (let i = 0; i < 50; i++) {
      const { res } = await send(routes.listBuckets, {}, await randomKidToken());
      expect(res.status).toBe(401);
      expect(res.json?.detail).toBe("Token was not signed by a known key");
    }
    expect(fetcher.uris).toEqual([TEST_JWKS_URI]);
    expect(s3.calls()).toHaveLength(0);
  });

  it("50 concurrent requests with random unknown kids on a cold container cost one fetch", async () => {
    const fetcher = installCountingCache(false);
    const tokens = await Promise.all(Array.from({ length: 50 }, randomKidToken));
    const results = await Promise.all(tokens.map((token) => send(routes.listBuckets, {}, token)));
    expect(results.map(({ res }) => res.status)).toEqual(Array(50).fill(401));
    expect(fetcher.uris).toHaveLength(1);
    // the trusted key was loaded by that one fetch and keeps working without another
    const { res } = await send(routes.listBuckets, {}, await issuer.token("buckets:read"));
    expect(res.status).toBe(200);
    expect(fetcher.uris).toHaveLength(1);
  });

  it("allows one refetch per penalty period (10 s), however many unknown kids arrive", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const fetcher = installCountingCache(true);
    const burst = async () => {
      for (let i = 0; i < 10; i++) expect((await send(routes.listBuckets, {}, await randomKidToken())).res.status).toBe(401);
    };
    await burst();
    expect(fetcher.uris).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(9_000);
    await burst();
    expect(fetcher.uris).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_500);
    await burst();
    expect(fetcher.uris).toHaveLength(2);
  });
});

describe("keys and algorithms chosen by the token", () => {
  it("ignores a key embedded in the token header (jwk) and never fetches a key URL it names (jku, x5u)", async () => {
    const fetcher = installCountingCache(true);
    const attacker = await createTestIssuer("attacker-key");
    const [jwk] = attacker.jwks.keys;
    const token = await new SignJWT({ scope: "buckets:admin" })
      .setProtectedHeader({
        alg: "RS256",
        kid: "attacker-key",
        jwk: jwk as unknown as Parameters<SignJWT["setProtectedHeader"]>[0]["jwk"],
        jku: "https://attacker.test.invalid/jwks.json",
        x5u: "https://attacker.test.invalid/cert.pem",
      })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setSubject("mallory")
      .setExpirationTime("5m")
      .sign(attacker.signer.privateKey);
    const { res } = await send(routes.setAcl, {}, token);
    expect(res.status).toBe(401);
    expect(fetcher.uris.every((uri) => uri === TEST_JWKS_URI)).toBe(true);
    expect(s3.calls()).toHaveLength(0);
  });

  it.each([
    ["SPKI PEM", () => createPublicKey({ key: issuer.jwks.keys[0] as never, format: "jwk" }).export({ type: "spki", format: "pem" }).toString()],
    ["JWKS JSON", () => JSON.stringify(issuer.jwks.keys[0])],
    ["modulus n", () => String((issuer.jwks.keys[0] as { n?: string }).n)],
  ])("refuses HS256 signed with the issuer's public key as the HMAC secret (%s)", async (_form, secret) => {
    const token = await new SignJWT({ scope: "buckets:admin" })
      .setProtectedHeader({ alg: "HS256", kid: issuer.kid, typ: "JWT" })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setSubject("mallory")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(secret()));
    const { event, res } = await send(routes.setAcl, {}, token);
    expect(res.status).toBe(401);
    expectErrorBody(res.json, event.requestContext.requestId, "Unauthorized");
    expect(res.json?.detail).toBe("Token signature algorithm is not accepted");
    expect(s3.calls()).toHaveLength(0);
  });

  it.each(["Bearer ", "Bearer    ", "Bearer \t"])("refuses %j (scheme with an empty token)", async (header) => {
    const { res } = await send(routes.listBuckets, { headers: { authorization: header } });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="rahcp", error="invalid_request"');
    expect(s3.calls()).toHaveLength(0);
  });
});

describe("a token in the query string is ignored", () => {
  const params = ["access_token", "token", "id_token", "authorization"];
  const matrix = routeList.flatMap((route) => params.map((param) => [route.id, param, route] as const));

  it.each(matrix)("%s with ?%s=<valid admin token> and no header → 401", async (_id, param, route) => {
    const token = await issuer.token("buckets:admin");
    const { event, res } = await send(route, { query: { [param]: token } });
    expect(res.status).toBe(401);
    expectErrorBody(res.json, event.requestContext.requestId, "Unauthorized");
    expect(res.json?.detail).toMatch(/Missing Authorization header/);
    expect(res.body).not.toContain(token);
    expect(s3.calls()).toHaveLength(0);
  });

  it.each(routeRows(writeRoutes))("%s: an admin token in the query never lifts a read-only header token", async (_id, route) => {
    const { res } = await send(route, { query: { access_token: await issuer.token("buckets:admin") } }, await issuer.token("buckets:read"));
    expect(res.status).toBe(403);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe("oversized tokens", () => {
  it("a 1 MB bearer value is refused with 401 without parsing it", async () => {
    const huge = `${"A".repeat(512 * 1024)}.${"B".repeat(512 * 1024)}.sig`;
    const started = performance.now();
    const { event, res } = await send(routes.setAcl, {}, huge);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(401);
    expectErrorBody(res.json, event.requestContext.requestId, "Unauthorized");
    expect(res.json?.detail).toBe("Bearer token is too large");
    expect(res.body!.length).toBeLessThan(300);
    expect(elapsed).toBeLessThan(200);
    expect(s3.calls()).toHaveLength(0);
  });

  it("a correctly signed token over 8 KB is refused before its signature is checked", async () => {
    const token = await issuer.sign({ scope: "buckets:admin", padding: "x".repeat(9 * 1024) });
    const { res } = await send(routes.listBuckets, {}, token);
    expect(res.status).toBe(401);
    expect(res.json?.detail).toBe("Bearer token is too large");
  });

  it("a correctly signed token just under the limit is still accepted", async () => {
    const token = await issuer.sign({ scope: "buckets:admin", padding: "x".repeat(5 * 1024) });
    expect(token.length).toBeGreaterThan(7 * 1024);
    expect(token.length).toBeLessThanOrEqual(8 * 1024);
    const { res } = await send(routes.listBuckets, {}, token);
    expect(res.status).toBe(200);
  });

  it("a header of 10 000 dots and segments does not crash the parser", async () => {
    const { res } = await send(routes.listBuckets, {}, ".".repeat(8_000));
    expect(res.status).toBe(401);
    expect(res.json?.code).toBe("Unauthorized");
  });
});

describe("insufficient scope → 403 on every write/admin route", () => {
  it.each(routeRows(writeRoutes))("%s: a read-only token gets 403 even with an invalid request (scope is checked first)", async (_id, route) => {
    const overrides = {
      ...(route.params ? { pathParameters: { bucket: "Not_A_Bucket" } } : {}),
      ...(route.body ? { body: '{"<script>": ' } : {}),
      query: { unexpected: "1" },
    };
    const { event, res } = await send(route, overrides, await issuer.token("buckets:read"));
    expect(res.status).toBe(403);
    expectErrorBody(res.json, event.requestContext.requestId, "InsufficientScope");
    expect(res.body).not.toContain("Not_A_Bucket");
    expect(s3.calls()).toHaveLength(0);
  });

  const lookalikes: [string, Record<string, unknown>][] = [
    ["roles claim", { scope: "openid", roles: ["buckets:admin"] }],
    ["groups claim", { scope: "openid", groups: ["buckets:admin"] }],
    ["cognito:groups claim", { scope: "openid", "cognito:groups": ["buckets:admin"] }],
    ["scopes (plural) claim", { scope: "openid", scopes: "buckets:admin" }],
    ["comma-separated scope", { scope: "buckets:read,buckets:admin" }],
    ["upper-case scope", { scope: "BUCKETS:ADMIN BUCKETS:WRITE" }],
  ];
  const matrix = writeRoutes.flatMap((route) => lookalikes.map(([name, claims]) => [route.id, name, route, claims] as const));

  it.each(matrix)("%s: permissions in a %s grant nothing", async (_id, _name, route, claims) => {
    const { res } = await send(route, {}, await issuer.sign(claims));
    expect(res.status).toBe(403);
    expect(s3.calls()).toHaveLength(0);
  });

  it.each(routeRows(writeRoutes))("%s: a scope claim that is not a string or list makes the token invalid (401)", async (_id, route) => {
    const { res } = await send(route, {}, await issuer.sign({ scope: 42 as unknown as string }));
    expect(res.status).toBe(401);
    expect(s3.calls()).toHaveLength(0);
  });
});
