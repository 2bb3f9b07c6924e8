import type { Principal, TokenVerifier } from "./token-verifier";

/** Room for every distinct caller of a warm container; a flood of distinct tokens only evicts. */
export const MAX_REMEMBERED_TOKENS = 1_000;

/**
 * Remembers the tokens this container has verified, until each one's `exp`. Callers (pipelines, the
 * CLI, the SDK) send the same bearer token on many requests, and its RSA signature check is most of
 * the layer's per-request cost. Keyed by the whole token, signature included, so any changed byte
 * is a miss; failures are never remembered, tokens without `exp` never either.
 */
export function rememberVerifiedTokens(inner: TokenVerifier, maxEntries = MAX_REMEMBERED_TOKENS): TokenVerifier {
  const verified = new Map<string, Principal>();
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (Date.now() < known.expiresAt!) return known;
        verified.delete(token); // re-verified below, which names the failure (expired)
      }
      const principal = await inner.verify(token);
      if (principal.expiresAt !== undefined) {
        // Map keeps insertion order: the first key is the oldest entry.
        if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
        verified.set(token, principal);
      }
      return principal;
    },
    warm: () => inner.warm(),
  };
}
