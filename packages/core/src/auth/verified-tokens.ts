import type { Principal, TokenVerifier } from "./token-verifier";

/** Room for every distinct caller of a warm container; a flood of distinct tokens only evicts. */
export const MAX_REMEMBERED_TOKENS = 1_000;

export interface RememberOptions {
  /** The longest a verification is trusted without checking again (AUTH_VERIFIED_TTL_S). */
  ttlMs: number;
  maxEntries?: number;
}

interface Remembered {
  principal: Principal;
  until: number;
}

/**
 * Remembers the tokens this container has verified. Callers (pipelines, the CLI, the SDK) send the
 * same bearer token on many requests, and its RSA signature check is most of the layer's
 * per-request cost. Keyed by the whole token, signature included, so any changed byte is a miss;
 * failures are never remembered.
 *
 * A verification is trusted until the earliest of: the token's `exp`, `ttlMs` after it, and
 * `ttlMs` after the JWKS it was checked against was loaded; and all of it is forgotten whenever the
 * JWKS is downloaded again. So once the IdP withdraws a signing key, the key's tokens fail within
 * `ttlMs` on a warm container (the JWKS itself is refetched after the same age).
 */
export function rememberVerifiedTokens(inner: TokenVerifier, options: RememberOptions): TokenVerifier {
  const { ttlMs, maxEntries = MAX_REMEMBERED_TOKENS } = options;
  const verified = new Map<string, Remembered>();
  let generation = inner.keys?.().generation;
  return {
    async verify(token) {
      const keys = inner.keys?.();
      if (keys && keys.generation !== generation) {
        verified.clear();
        generation = keys.generation;
      }
      const known = verified.get(token);
      if (known) {
        if (Date.now() < known.until) return known.principal;
        verified.delete(token); // verified again below, which names any failure (expired, unknown key)
      }
      const principal = await inner.verify(token);
      const after = inner.keys?.();
      if (after && after.generation !== generation) {
        // This verification downloaded the keys: what was remembered before belongs to the old JWKS.
        verified.clear();
        generation = after.generation;
      }
      const now = Date.now();
      const until = Math.min(principal.expiresAt, now + ttlMs, (after?.loadedAt ?? now) + ttlMs);
      if (until > now) {
        // Map keeps insertion order: the first key is the oldest entry.
        if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
        verified.set(token, { principal, until });
      }
      return principal;
    },
    warm: () => inner.warm(),
    ...(inner.keys ? { keys: () => inner.keys!() } : {}),
  };
}
