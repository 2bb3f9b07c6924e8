import { afterEach, describe, expect, it, vi } from "vitest";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { rememberVerifiedTokens, routes, type Principal, type TokenVerifier } from "@rahcp/core";
import { invoke } from "../support/events";
import { loadHandler } from "../support/handlers";
import { createTestIssuer, trustTestIssuer } from "../support/tokens";
import { eventFor } from "./route-cases";

/** A verifier that accepts tokens "<sub>.<exp seconds or ->" and counts its calls. */
function countingVerifier() {
  const seen: string[] = [];
  const verifier: TokenVerifier = {
    async verify(token) {
      seen.push(token);
      const [sub, exp] = token.split(".");
      if (sub === "bad") throw new Error("invalid signature");
      if (exp !== "-" && Number(exp) * 1000 <= Date.now()) throw new Error("expired");
      const principal: Principal = { sub: sub!, scopes: new Set(["buckets:read"]) };
      if (exp !== "-") principal.expiresAt = Number(exp) * 1000;
      return principal;
    },
    warm: async () => {},
  };
  return { verifier, seen };
}

const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

afterEach(() => vi.useRealTimers());

describe("rememberVerifiedTokens", () => {
  it("verifies a token once and answers later requests from memory", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier);
    const token = `alice.${inAMinute()}`;
    for (let i = 0; i < 5; i++) expect((await remembered.verify(token)).sub).toBe("alice");
    expect(seen).toEqual([token]);
  });

  it("verifies again once the token has expired, and the failure reaches the caller", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier);
    const token = `alice.${inAMinute()}`;
    await remembered.verify(token);
    vi.setSystemTime(Date.now() + 61_000);
    await expect(remembered.verify(token)).rejects.toThrow("expired");
    expect(seen).toEqual([token, token]);
  });

  it("treats any other token, even one byte apart, as unknown", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier);
    const exp = inAMinute();
    await remembered.verify(`alice.${exp}`);
    await remembered.verify(`alicf.${exp}`);
    expect(seen).toEqual([`alice.${exp}`, `alicf.${exp}`]);
  });

  it("never remembers a failure or a token without exp", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier);
    const bad = `bad.${inAMinute()}`;
    await expect(remembered.verify(bad)).rejects.toThrow("invalid signature");
    await expect(remembered.verify(bad)).rejects.toThrow("invalid signature");
    await remembered.verify("eternal.-");
    await remembered.verify("eternal.-");
    expect(seen).toEqual([bad, bad, "eternal.-", "eternal.-"]);
  });

  it("holds at most maxEntries tokens, dropping the oldest", async () => {
    const { verifier, seen } = countingVerifier();
    const remembered = rememberVerifiedTokens(verifier, 3);
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
