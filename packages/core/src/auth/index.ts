import { authSettings, type AuthSettings } from "../config";
import { createTokenVerifier, type TokenVerifier } from "./token-verifier";
import { rememberVerifiedTokens } from "./verified-tokens";

export { createTokenVerifier, type Principal, type TokenVerifier } from "./token-verifier";
export { rememberVerifiedTokens, MAX_REMEMBERED_TOKENS } from "./verified-tokens";

let current: { settings: AuthSettings; verifier: TokenVerifier } | undefined;

/**
 * The container's verifier, built once so its JWKS cache lives as long as the container.
 * Throws ConfigError when the issuer settings are missing.
 */
export function tokenVerifier(): { settings: AuthSettings; verifier: TokenVerifier } {
  if (!current) {
    const settings = authSettings();
    current = { settings, verifier: rememberVerifiedTokens(createTokenVerifier(settings)) };
  }
  return current;
}

/** Replaces the container's verifier (local server, tests with their own JWKS cache); verified tokens are remembered as in a container. */
export function useTokenVerifier(settings: AuthSettings, verifier: TokenVerifier): void {
  current = { settings, verifier: rememberVerifiedTokens(verifier) };
}
