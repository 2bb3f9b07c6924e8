import { CognitoJwtVerifier, JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { SimpleFetcher, type Fetcher } from "aws-jwt-verify/https";
import type { JwtHeader, JwtPayload } from "aws-jwt-verify/jwt-model";
import type { AuthSettings, TokenRules } from "../settings/auth";
import { RefreshingJwksCache, type KeysState } from "./jwks-cache";

/** Who called, as far as the API cares. */
export interface Principal {
  sub: string;
  scopes: ReadonlySet<string>;
  /** Values of the configured groups claim (AUTH_GROUPS_CLAIM). */
  groups: readonly string[];
  /** `client_id`, else `azp`: the OAuth client the token was issued to. */
  clientId: string | undefined;
  /** The configured tenant claim as the token carries it (AUTH_TENANT_CLAIM); undefined when absent. */
  tenantClaim: unknown;
  /** The token's `exp` in epoch milliseconds (every accepted token has one). */
  expiresAt: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** Loads the JWKS ahead of the first request (container init). */
  warm(): Promise<void>;
  /** Which JWKS download verifications use; absent for verifiers without a JWKS of their own. */
  keys?(): KeysState;
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

/** Groups as IdPs send them: a list (Keycloak, Cognito's `cognito:groups`) or a single name. */
function groupsOf(raw: unknown): string[] {
  if (typeof raw === "string") return raw === "" ? [] : [raw];
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === "string" && g !== "");
  return [];
}

/** Every caller must be attributable in the audit log. */
export class MissingSubjectError extends Error {}

/** A token that verified cryptographically but breaks one of the API's own rules; the message is the client's reason. */
export class TokenRefusedError extends Error {
  override readonly name = "TokenRefusedError";
}

/** How far `iat` or `nbf` may be ahead of this clock (the IdP's clock may run slightly ahead). */
export const CLOCK_SKEW_SECONDS = 60;

/** The API's rules on top of aws-jwt-verify's (signature, iss, aud, exp, nbf). */
export function checkTokenRules(header: JwtHeader, payload: JwtPayload, rules: Pick<TokenRules, "maxTokenLifetimeSeconds">, nowSeconds = Date.now() / 1000): void {
  if (typeof payload.sub !== "string" || payload.sub.trim() === "") throw new MissingSubjectError("token has no subject (sub)");
  if ((header as { crit?: unknown }).crit !== undefined) {
    throw new TokenRefusedError("Token uses critical header extensions ('crit') this API does not support");
  }
  if (typeof payload.exp !== "number") throw new TokenRefusedError("Token has no expiry (exp)");
  const iat = (payload as { iat?: unknown }).iat;
  if (iat !== undefined && typeof iat !== "number") throw new TokenRefusedError("Token's issued-at time (iat) is not a number");
  if (typeof iat === "number" && iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new TokenRefusedError("Token was issued in the future (iat)");
  const nbf = (payload as { nbf?: unknown }).nbf;
  if (typeof nbf === "number" && nbf > nowSeconds + CLOCK_SKEW_SECONDS) throw new TokenRefusedError("Token is not valid yet");
  const lifetime = payload.exp - (typeof iat === "number" ? iat : nowSeconds);
  if (lifetime > rules.maxTokenLifetimeSeconds) {
    throw new TokenRefusedError(`Token lifetime exceeds the accepted maximum of ${rules.maxTokenLifetimeSeconds} seconds`);
  }
}

/**
 * aws-jwt-verify for the configured issuer (or Cognito user pool), with the API's own token rules.
 * Without `jwksCache`, the JWKS is refetched when it is older than the verified-token TTL.
 */
export function createTokenVerifier(settings: AuthSettings, jwksCache?: SimpleJwksCache): TokenVerifier {
  const cache =
    jwksCache ??
    new RefreshingJwksCache({ fetcher: new LoopbackAwareFetcher(new SimpleFetcher()), maxAgeMs: settings.verifiedTtlSeconds * 1000 });
  const customJwtCheck = ({ header, payload }: { header: JwtHeader; payload: JwtPayload }) => checkTokenRules(header, payload, settings);
  const verifier =
    settings.kind === "cognito"
      ? CognitoJwtVerifier.create(
          { userPoolId: settings.userPoolId, tokenUse: "access", clientId: settings.clientId, customJwtCheck },
          { jwksCache: cache },
        )
      : JwtVerifier.create(
          { issuer: settings.issuer, audience: settings.audience, jwksUri: settings.jwksUri, customJwtCheck },
          { jwksCache: cache },
        );
  let warming: Promise<void> | undefined;
  const claims = payloadClaims(settings);
  return {
    async verify(token) {
      return claims((await verifier.verify(token)) as JwtPayload);
    },
    // Once per verifier (a failure may be retried): hydrate downloads every time it is asked, and
    // each handler module of a process asks at load (the local server loads ten).
    warm: () =>
      (warming ??= verifier.hydrate().catch((error: unknown) => {
        warming = undefined;
        throw error;
      })),
    ...(cache instanceof RefreshingJwksCache ? { keys: () => cache.keys } : {}),
  };
}

/** The Principal of a verified payload (checkTokenRules has ensured `sub` and `exp`). */
function payloadClaims(settings: Pick<TokenRules, "tenantClaim" | "groupsClaim">) {
  return (payload: JwtPayload): Principal => {
    const claims = payload as Record<string, unknown>;
    const clientId = typeof claims["client_id"] === "string" ? claims["client_id"] : typeof claims["azp"] === "string" ? claims["azp"] : undefined;
    return {
      sub: payload.sub as string,
      scopes: scopesOf(payload),
      groups: groupsOf(claims[settings.groupsClaim]),
      clientId,
      tenantClaim: claims[settings.tenantClaim],
      expiresAt: (payload.exp as number) * 1000,
    };
  };
}
