import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, SignJWT, type JWK, type JWTHeaderParameters, type JWTPayload } from "jose";

/**
 * The RS256 signer behind every token this repository mints: the dev issuer of `npm start`, the
 * tests' issuer and the benchmark's loopback identity provider. Here, beside the dev issuer,
 * because that one ships; the tests and the benchmark import it from `@rahcp/local/jwt-signer`.
 */

export const SIGNING_ALG = "RS256";

export interface JwtSigner {
  /** In every token's header and in the JWKS: the key's RFC 7638 thumbprint unless one is chosen. */
  readonly kid: string;
  /** The public key as an identity provider publishes it (kty, n, e, kid, alg, use). */
  readonly jwks: { keys: JWK[] };
  /** For the few tests that build a token jose's own way (other algorithms, odd headers). */
  readonly privateKey: CryptoKey;
  /** A compact JWT of exactly `claims` (nothing added); header: RS256, typ JWT, this key's kid unless `header` says otherwise. */
  sign(claims: JWTPayload, header?: Omit<Partial<JWTHeaderParameters>, "alg">): Promise<string>;
}

async function newKeyPair(): Promise<CryptoKey> {
  return (await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 })).privateKey;
}

/** A fresh 2048-bit RSA private key as PKCS#8 PEM, for keeping on disk. */
export async function newPrivateKeyPem(): Promise<string> {
  return exportPKCS8(await newKeyPair());
}

/** A signer over `privateKeyPem`, or over a fresh key pair when none is given. */
export async function createJwtSigner(options: { privateKeyPem?: string; kid?: string } = {}): Promise<JwtSigner> {
  const privateKey = options.privateKeyPem ? await importPKCS8(options.privateKeyPem, SIGNING_ALG, { extractable: true }) : await newKeyPair();
  const { kty, n, e } = await exportJWK(privateKey); // the public members only
  const publicJwk: JWK = { kty, n, e };
  const kid = options.kid ?? (await calculateJwkThumbprint(publicJwk));
  return {
    kid,
    jwks: { keys: [{ ...publicJwk, kid, alg: SIGNING_ALG, use: "sig" }] },
    privateKey,
    sign: (claims, header = {}) => new SignJWT(claims).setProtectedHeader({ alg: SIGNING_ALG, kid, typ: "JWT", ...header }).sign(privateKey),
  };
}
