import { afterEach, describe, expect, it, vi } from "vitest";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { rememberVerifiedTokens, routes, type Principal, type TokenVerifier } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadHandler } from "../support/handlers";
import { createTestIssuer, trustTestIssuer } from "../support/tokens";
import { useMockedTenants } from "../support/tenants";
import { eventFor } from "./route-cases";

/**
 * A verifier that accepts tokens "<sub>.<exp seconds>" and counts its calls; `keys` stands for its
 * JWKS: `reload()` is a new download (as after an unknown kid or an expired JWKS).
 */
function countingVerifier() {
  const seen: string[] = [];
  const keys = { generation: 1, loadedAt: Date.now() as number | undefined };
  const verifier: TokenVerifier = {
    async verify(token) {
      seen.push(token);
      const [sub, exp] = token.split(".");
      if (sub === "bad") throw new Error("invalid signature");
      if (Number(exp) * 1000 <= Date.now()) throw new Error("expired");
      const principal: Principal = { sub: sub!, scopes: new Set(["buckets:read"]), groups: [], clientId: undefined, tenantClaim: undefined, expiresAt: Number(exp) * 1000 };
      return principal;
    },
    warm: async () => {},
    keys: () => ({ ...keys }),
  };
  const reload = () => {
    keys.generation++;
    keys.loadedAt = Date.now();
  };
  return { verifier, seen, reload };
}

const TTL = { ttlMs: 300_000 };
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

afterEach(() => vi.useRealTimers());

describe("rememberVerifiedTokens", () => {
  it("verifies a token once and answers later requests from memory", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, TTL);
    const token = `alice.${inAMinute()}`;
    for (let i = 0; i < 5; i++) expect((await remembered.verify(token)).sub).toBe("alice");
    expect(seen).toEqual([token]);
  });

  it("verifies again once the token has expired, and the failure reaches the caller", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, TTL);
    const token = `alice.${inAMinute()}`;
    await remembered.verify(token);
    vi.setSystemTime(Date.now() + 61_000);
    await expect(remembered.verify(token)).rejects.toThrow("expired");
    expect(seen).toEqual([token, token]);
  });

  it("treats any other token, even one byte apart, as unknown", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, TTL);
    const exp = inAMinute();
    await remembered.verify(`alice.${exp}`);
    await remembered.verify(`alicf.${exp}`);
    expect(seen).toEqual([`alice.${exp}`, `alicf.${exp}`]);
  });

  it("never remembers a failure", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, TTL);
    const bad = `bad.${inAMinute()}`;
    await expect(remembered.verify(bad)).rejects.toThrow("invalid signature");
    await expect(remembered.verify(bad)).rejects.toThrow("invalid signature");
    expect(seen).toEqual([bad, bad]);
  });

  it("trusts a verification for at most the TTL, even when the token lives longer", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { verifier, seen, reload } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, TTL);
    const token = `alice.${inAnHour()}`;
    await remembered.verify(token);
    vi.setSystemTime(Date.now() + 299_000);
    reload(); // the JWKS is fresh again, so only the verification's own age counts below
    await remembered.verify(token); // a new download forgets everything: verified again
    vi.setSystemTime(Date.now() + 299_000);
    await remembered.verify(token); // 299 s after that verification: from memory
    vi.setSystemTime(Date.now() + 2_000);
    await remembered.verify(token); // 301 s: verified again
    expect(seen).toEqual([token, token, token]);
  });

  it("trusts nothing longer than the TTL after the JWKS it was checked against was loaded", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, TTL);
    const token = `alice.${inAnHour()}`;
    vi.setSystemTime(Date.now() + 200_000); // the keys are 200 s old when the token is first seen
    await remembered.verify(token);
    vi.setSystemTime(Date.now() + 99_000);
    await remembered.verify(token); // keys 299 s old: from memory
    vi.setSystemTime(Date.now() + 2_000);
    await remembered.verify(token); // keys 301 s old: verified again (which refetches a real JWKS)
    expect(seen).toEqual([token, token]);
  });

  it("forgets every remembered token when the JWKS is downloaded again", async () => {
    const { verifier, seen, reload } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, TTL);
    const [a, b] = [`a.${inAnHour()}`, `b.${inAnHour()}`];
    await remembered.verify(a);
    await remembered.verify(b);
    await remembered.verify(a);
    reload();
    await remembered.verify(b);
    await remembered.verify(a);
    expect(seen).toEqual([a, b, b, a]);
  });

  it("holds at most maxEntries tokens, dropping the oldest", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, { ...TTL, maxEntries: 3 });
    const exp = inAMinute();
    const tokens = ["a", "b", "c", "d"].map((sub) => `${sub}.${exp}`);
    for (const token of tokens) await remembered.verify(token);
    await remembered.verify(tokens[3]!); // still known
    await remembered.verify(tokens[0]!); // evicted by "d": verified again
    expect(seen).toEqual([...tokens, tokens[0]]);
  });
});

describe("a handler with a remembered token", () => {
  it("answers 401 'Token has expired' once the token's exp passes, though it was accepted before", async () => {
    const s3 = mockClient(S3Client);
    s3.on(HeadBucketCommand).resolves({});
    const issuer = await createTestIssuer();
    trustTestIssuer(issuer);
    useMockedTenants();
    const handler = await loadHandler(routes.headBucket);
    const token = await issuer.sign({ exp: inAMinute() });
    const event = () => eventFor(routes.headBucket, token);
    expect((await invoke(handler, event())).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    const res = await invoke(handler, event());
    expect(res.status).toBe(401);
    expect(res.json?.detail).toBe("Token has expired");
    s3.restore();
  });
});
