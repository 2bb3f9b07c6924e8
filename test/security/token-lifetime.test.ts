import { createPrivateKey, sign } from "node:crypto";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { JWTPayload } from "jose";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTokenVerifier, RefreshingJwksCache, routes, useTokenVerifier } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadHandler, type LambdaHandler } from "../support/handlers";
import { useMockedTenants } from "../support/tenants";
import { createTestIssuer, TEST_AUDIENCE, TEST_ISSUER, testAuthSettings, trustTestIssuer, type TestIssuer } from "../support/tokens";
import { eventFor, expectErrorBody } from "../unit/route-cases";

/**
 * Tokens the API refuses although their signature is good (lifetime, clock, headers, subject), and
 * revocation: a signing key withdrawn from the JWKS stops verifying within AUTH_VERIFIED_TTL_S.
 */

const s3 = mockClient(S3Client);
let handler: LambdaHandler;
let issuer: TestIssuer;
const now = () => Math.floor(Date.now() / 1000);

/** A token signed by `key`, with exactly the claims and header given (nothing added). */
function raw(key: TestIssuer, claims: JWTPayload): Promise<string> {
  return key.signer.sign({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: "alice", scope: "buckets:read", ...claims });
}

async function head(token: string) {
  const event = eventFor(routes.headBucket, token);
  const res = await invoke(handler, event);
  return { event, res };
}

beforeAll(async () => {
  issuer = await createTestIssuer();
  handler = await loadHandler(routes.headBucket);
});

beforeEach(() => {
  trustTestIssuer(issuer);
  useMockedTenants();
  s3.reset();
  s3.on(HeadBucketCommand).resolves({});
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("401 for tokens outside the API's rules", () => {
  it.each([
    ["no exp", () => ({ iat: now() }), "Token has no expiry (exp)"],
    ["a lifetime (exp − iat) over 24 h", () => ({ iat: now(), exp: now() + 86_401 }), "Token lifetime exceeds the accepted maximum of 86400 seconds"],
    ["a lifetime (exp − now, no iat) over 24 h", () => ({ exp: now() + 86_460 }), "Token lifetime exceeds the accepted maximum of 86400 seconds"],
    ["iat more than 60 s ahead", () => ({ iat: now() + 120, exp: now() + 600 }), "Token was issued in the future (iat)"],
    ["nbf more than 60 s ahead", () => ({ nbf: now() + 120, exp: now() + 600 }), "Token is not valid yet"],
    ["a blank sub", () => ({ sub: "", exp: now() + 60 }), "Token has no subject (sub)"],
    ["a whitespace-only sub", () => ({ sub: " \t ", exp: now() + 60 }), "Token has no subject (sub)"],
  ])("%s", async (_name, claims, detail) => {
    const { event, res } = await head(await raw(issuer, claims()));
    expect(res.status).toBe(401);
    expectErrorBody(res.json, event.requestContext.requestId, "Unauthorized");
    expect(res.json?.detail).toBe(detail);
    expect(s3.calls()).toHaveLength(0);
  });

  it("any crit header", async () => {
    // jose will not sign a crit it does not understand itself, so this token is signed by hand.
    const header = Buffer.from(JSON.stringify({ alg: "RS256", kid: issuer.kid, typ: "JWT", crit: ["urn:example:policy"], "urn:example:policy": 1 })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: "alice", exp: now() + 60, scope: "buckets:read" })).toString("base64url");
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", issuer.signer.privateKey));
    const signature = sign("RSA-SHA256", Buffer.from(`${header}.${body}`), createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" })).toString("base64url");
    const { res } = await head(`${header}.${body}.${signature}`);
    expect(res.status).toBe(401);
    expect(res.json?.detail).toBe("Token uses critical header extensions ('crit') this API does not support");
  });

  it("accepts iat and nbf within 60 s of skew, and exactly the maximum lifetime", async () => {
    expect((await head(await raw(issuer, { iat: now() + 30, exp: now() + 600 }))).res.status).toBe(200);
    expect((await head(await raw(issuer, { iat: now(), exp: now() + 86_400 }))).res.status).toBe(200);
  });

  it("honours AUTH_MAX_TOKEN_LIFETIME_S", async () => {
    const settings = { ...testAuthSettings, maxTokenLifetimeSeconds: 900 };
    trustTestIssuer(issuer, settings);
    expect((await head(await raw(issuer, { iat: now(), exp: now() + 900 }))).res.status).toBe(200);
    const { res } = await head(await raw(issuer, { iat: now(), exp: now() + 901 }));
    expect(res.status).toBe(401);
    expect(res.json?.detail).toBe("Token lifetime exceeds the accepted maximum of 900 seconds");
  });
});

describe("key rotation on a warm container", () => {
  it("a JWKS that drops key A makes key-A tokens fail within AUTH_VERIFIED_TTL_S, remembered ones included", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const keyB = await createTestIssuer("test-key-2");
    let published = { keys: [...issuer.jwks.keys, ...keyB.jwks.keys] };
    const downloads: number[] = [];
    const cache = new RefreshingJwksCache({
      maxAgeMs: testAuthSettings.verifiedTtlSeconds * 1000,
      fetcher: {
        fetch: async () => {
          downloads.push(Date.now());
          return new TextEncoder().encode(JSON.stringify(published)).buffer as ArrayBuffer;
        },
      },
    });
    useTokenVerifier(testAuthSettings, createTokenVerifier(testAuthSettings, cache));
    const tokenA = await raw(issuer, { iat: now(), exp: now() + 3_600 });
    const tokenB = await raw(keyB, { iat: now(), exp: now() + 3_600 });
    expect((await head(tokenA)).res.status).toBe(200); // downloads the JWKS
    expect((await head(tokenB)).res.status).toBe(200);
    expect(downloads).toHaveLength(1);

    published = { keys: [...keyB.jwks.keys] }; // the IdP withdraws key A
    vi.setSystemTime(Date.now() + 200_000);
    expect((await head(tokenA)).res.status).toBe(200); // still remembered, and the JWKS is not due yet
    expect(downloads).toHaveLength(1);

    vi.setSystemTime(Date.now() + 100_001); // 300 s after the download: the window is over
    const { res } = await head(tokenA);
    expect(res.status).toBe(401);
    expect(res.json?.detail).toBe("Token was not signed by a known key");
    // The due refresh, then aws-jwt-verify's own retry for a kid it does not find (its penalty box holds any further one).
    expect(downloads).toHaveLength(3);
    expect((await head(tokenB)).res.status).toBe(200); // the new JWKS still has key B
  });

  it("a shorter AUTH_VERIFIED_TTL_S shortens the window", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    let published = { keys: [...issuer.jwks.keys] };
    const settings = { ...testAuthSettings, verifiedTtlSeconds: 30 };
    const cache = new RefreshingJwksCache({
      maxAgeMs: 30_000,
      fetcher: { fetch: async () => new TextEncoder().encode(JSON.stringify(published)).buffer as ArrayBuffer },
    });
    useTokenVerifier(settings, createTokenVerifier(settings, cache));
    const token = await raw(issuer, { iat: now(), exp: now() + 3_600 });
    expect((await head(token)).res.status).toBe(200);
    published = { keys: [] };
    vi.setSystemTime(Date.now() + 29_000);
    expect((await head(token)).res.status).toBe(200);
    vi.setSystemTime(Date.now() + 1_001);
    expect((await head(token)).res.status).toBe(401);
  });

  it("the container's own verifier refetches the JWKS after AUTH_VERIFIED_TTL_S (the default cache)", () => {
    vi.stubEnv("AUTH_VERIFIED_TTL_S", "45");
    const verifier = createTokenVerifier({ ...testAuthSettings, verifiedTtlSeconds: 45 });
    expect(verifier.keys?.()).toEqual({ generation: 0, loadedAt: undefined }); // a RefreshingJwksCache, nothing loaded yet
  });
});

