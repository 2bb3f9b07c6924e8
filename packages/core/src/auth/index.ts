import { authSettings, type AuthSettings } from "../config";
import { createTokenVerifier, type TokenVerifier } from "./token-verifier";
import { rememberVerifiedTokens } from "./verified-tokens";

export { createTokenVerifier, checkTokenRules, TokenRefusedError, MissingSubjectError, CLOCK_SKEW_SECONDS, type Principal, type TokenVerifier } from "./token-verifier";
export { rememberVerifiedTokens, MAX_REMEMBERED_TOKENS, type RememberOptions } from "./verified-tokens";
export { RefreshingJwksCache, type KeysState } from "./jwks-cache";

let current: { settings: AuthSettings; verifier: TokenVerifier } | undefined;

function remembering(settings: AuthSettings, verifier: TokenVerifier): TokenVerifier {
  return rememberVerifiedTokens(verifier, { ttlMs: settings.verifiedTtlSeconds * 1000 });
}

/**
 * The container's verifier, built once so its JWKS cache lives as long as the container.
 * Throws ConfigError when the issuer settings are missing.
 */
export function tokenVerifier(): { settings: AuthSettings; verifier: TokenVerifier } {
  if (!current) {
    const settings = authSettings();
    current = { settings, verifier: remembering(settings, createTokenVerifier(settings)) };
  }
  return current;
}

/** Replaces the container's verifier (local server, tests with their own JWKS cache); verified tokens are remembered as in a container. */
export function useTokenVerifier(settings: AuthSettings, verifier: TokenVerifier): void {
  current = { settings, verifier: remembering(settings, verifier) };
}
