import { CognitoJwtVerifier, JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { SimpleFetcher, type Fetcher } from "aws-jwt-verify/https";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import type { AuthSettings } from "../config";

/** Who called, as far as the API cares. */
export interface Principal {
  sub: string;
  scopes: ReadonlySet<string>;
  /** The token's `exp` in epoch milliseconds, when it has one. */
  expiresAt?: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** Loads the JWKS ahead of the first request (container init). */
  warm(): Promise<void>;
}

const LOOPBACK_HTTP = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//;

/**
 * aws-jwt-verify's own fetcher speaks HTTPS only; a local development issuer on loopback serves
 * plain HTTP, so only that case goes through fetch(). Remote issuers keep the library's fetcher.
 */
class LoopbackAwareFetcher implements Fetcher {
  constructor(private readonly https: Fetcher) {}
  async fetch(uri: string, requestOptions?: Parameters<Fetcher["fetch"]>[1], data?: ArrayBuffer) {
    if (!LOOPBACK_HTTP.test(uri)) return this.https.fetch(uri, requestOptions, data);
    const response = await fetch(uri, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) throw new Error(`JWKS fetch failed with HTTP ${response.status}`);
    return response.arrayBuffer();
  }
}

function scopesOf(payload: JwtPayload): Set<string> {
  const raw = payload.scope ?? (payload as { scp?: unknown }).scp;
  if (typeof raw === "string") return new Set(raw.split(" ").filter(Boolean));
  if (Array.isArray(raw)) return new Set(raw.filter((s): s is string => typeof s === "string"));
  return new Set();
}

/** Every caller must be attributable in the audit log. */
export class MissingSubjectError extends Error {}

function requireSub({ payload }: { payload: JwtPayload }): void {
  if (typeof payload.sub !== "string" || payload.sub === "") throw new MissingSubjectError("token has no subject (sub)");
}

export function createTokenVerifier(settings: AuthSettings, jwksCache?: SimpleJwksCache): TokenVerifier {
  const cache = jwksCache ?? new SimpleJwksCache({ fetcher: new LoopbackAwareFetcher(new SimpleFetcher()) });
  const verifier =
    settings.kind === "cognito"
      ? CognitoJwtVerifier.create(
          { userPoolId: settings.userPoolId, tokenUse: "access", clientId: settings.clientId, customJwtCheck: requireSub },
          { jwksCache: cache },
        )
      : JwtVerifier.create(
          { issuer: settings.issuer, audience: settings.audience, jwksUri: settings.jwksUri, customJwtCheck: requireSub },
          { jwksCache: cache },
        );
  let warming: Promise<void> | undefined;
  return {
    async verify(token) {
      const payload = (await verifier.verify(token)) as JwtPayload;
      const principal: Principal = { sub: payload.sub as string, scopes: scopesOf(payload) };
      if (typeof payload.exp === "number") principal.expiresAt = payload.exp * 1000;
      return principal;
    },
    // Once per verifier (a failure may be retried): hydrate downloads every time it is asked, and
    // each handler module of a process asks at load (the local server loads ten).
    warm: () =>
      (warming ??= verifier.hydrate().catch((error: unknown) => {
        warming = undefined;
        throw error;
      })),
  };
}
