import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { Jwks, PenaltyBox } from "aws-jwt-verify/jwk";
import type { Fetcher } from "aws-jwt-verify/https";

/** Which download of the signing keys the verifier is on: changes whenever the JWKS is (re)loaded. */
export interface KeysState {
  readonly generation: number;
  /** Epoch ms of the last load, undefined before the first. */
  readonly loadedAt: number | undefined;
}

/**
 * aws-jwt-verify's JWKS cache, with an age limit: SimpleJwksCache keeps a JWKS for the container's
 * lifetime and refetches only for an unknown key id, so a key the IdP withdrew would keep verifying
 * tokens forever on a warm container. Here a JWKS older than `maxAgeMs` is downloaded again before
 * the next verification uses it; if that download fails the verification fails (never the stale
 * keys), and the next one tries again.
 */
export class RefreshingJwksCache extends SimpleJwksCache {
  readonly #maxAgeMs: number;
  readonly #loadedAt = new Map<string, number>();
  #generation = 0;
  #lastLoad: number | undefined;

  constructor(props: { maxAgeMs: number; fetcher?: Fetcher; penaltyBox?: PenaltyBox }) {
    super({ ...(props.fetcher ? { fetcher: props.fetcher } : {}), ...(props.penaltyBox ? { penaltyBox: props.penaltyBox } : {}) });
    this.#maxAgeMs = props.maxAgeMs;
  }

  get keys(): KeysState {
    return { generation: this.#generation, loadedAt: this.#lastLoad };
  }

  #loaded(jwksUri: string): void {
    const now = Date.now();
    this.#loadedAt.set(jwksUri, now);
    this.#lastLoad = now;
    this.#generation++;
  }

  override addJwks(jwksUri: string, jwks: Jwks): void {
    super.addJwks(jwksUri, jwks);
    this.#loaded(jwksUri);
  }

  /** Every download goes through here: the initial one, hydrate, an unknown kid, an expired JWKS. */
  override async getJwks(jwksUri: string): Promise<Jwks> {
    const jwks = await super.getJwks(jwksUri);
    this.#loaded(jwksUri);
    return jwks;
  }

  override async getJwk(...args: Parameters<SimpleJwksCache["getJwk"]>): ReturnType<SimpleJwksCache["getJwk"]> {
    const [jwksUri] = args;
    const loadedAt = this.#loadedAt.get(jwksUri);
    if (loadedAt !== undefined && Date.now() - loadedAt >= this.#maxAgeMs) await this.getJwks(jwksUri);
    return super.getJwk(...args);
  }
}
