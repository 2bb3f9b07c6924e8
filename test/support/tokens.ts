import type { JWTPayload } from "jose";
import type { Jwks } from "aws-jwt-verify/jwk";
import { createTokenVerifier, useTokenVerifier, DEFAULT_SCOPES, DEFAULT_TOKEN_RULES, RefreshingJwksCache, type AuthSettings } from "@rahcp/core";
import { createJwtSigner, type JwtSigner } from "@rahcp/local/jwt-signer";

export const TEST_ISSUER = "https://issuer.test.invalid";
export const TEST_AUDIENCE = "rahcp-api";
export const TEST_JWKS_URI = `${TEST_ISSUER}/.well-known/jwks.json`;

export interface TestIssuer {
  /** The issuer's key: tokens of exactly the claims given (nothing added), its private key. */
  signer: JwtSigner;
  jwks: Jwks;
  kid: string;
  /** A real RS256 JWT; `claims` override the defaults (sub, iss, aud, exp, scope). */
  sign(claims?: JWTPayload, header?: { kid?: string }): Promise<string>;
  /** Token with the given scopes (space-separated in `scope`). */
  token(...scopes: string[]): Promise<string>;
}

export async function createTestIssuer(kid = "test-key-1"): Promise<TestIssuer> {
  const signer = await createJwtSigner({ kid });
  const sign = (claims: JWTPayload = {}, header: { kid?: string } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return signer.sign(
      {
        scope: Object.values(DEFAULT_SCOPES).join(" "),
        ...claims,
        iss: claims.iss ?? TEST_ISSUER,
        aud: claims.aud ?? TEST_AUDIENCE,
        sub: claims.sub ?? "test-user",
        iat: now,
        exp: claims.exp ?? now + 300,
      },
      header,
    );
  };
  return { signer, jwks: signer.jwks as unknown as Jwks, kid, sign, token: (...scopes) => sign({ scope: scopes.join(" ") }) };
}

export const testAuthSettings: AuthSettings = {
  ...DEFAULT_TOKEN_RULES,
  kind: "oidc",
  issuer: TEST_ISSUER,
  audience: [TEST_AUDIENCE],
  jwksUri: TEST_JWKS_URI,
  scopes: DEFAULT_SCOPES,
};

/**
 * A JWKS cache holding `jwks` for `uri` that never downloads: no test may reach the network, and a
 * handler's JWKS prefetch at load time (or an unknown key id) fails at once instead.
 */
export function offlineJwksCache(uri: string, jwks: Jwks, maxAgeMs = DEFAULT_TOKEN_RULES.verifiedTtlSeconds * 1000): RefreshingJwksCache {
  const cache = new RefreshingJwksCache({
    maxAgeMs,
    fetcher: {
      fetch: async (target: string) => {
        throw new Error(`tests do not download JWKS (${target})`);
      },
    },
  });
  cache.addJwks(uri, jwks);
  return cache;
}

/** Installs a container verifier that trusts `issuer` with its JWKS preloaded (no network). */
export function trustTestIssuer(issuer: TestIssuer, settings: AuthSettings = testAuthSettings): void {
  useTokenVerifier(settings, createTokenVerifier(settings, offlineJwksCache(TEST_JWKS_URI, issuer.jwks)));
}
