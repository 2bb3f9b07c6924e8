import { authSettings, type AuthSettings } from "../config";
import { createTokenVerifier, type TokenVerifier } from "./token-verifier";

export { createTokenVerifier, type Principal, type TokenVerifier } from "./token-verifier";

let current: { settings: AuthSettings; verifier: TokenVerifier } | undefined;

/**
 * The container's verifier, built once so its JWKS cache lives as long as the container.
 * Throws ConfigError when the issuer settings are missing.
 */
export function tokenVerifier(): { settings: AuthSettings; verifier: TokenVerifier } {
  if (!current) {
    const settings = authSettings();
    current = { settings, verifier: createTokenVerifier(settings) };
  }
  return current;
}

/** Replaces the container's verifier (tests with their own JWKS cache). */
export function useTokenVerifier(settings: AuthSettings, verifier: TokenVerifier): void {
  current = { settings, verifier };
}
