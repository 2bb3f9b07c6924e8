import { randomBytes, randomUUID } from "node:crypto";
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JWK } from "jose";
import { tokenRules, type Env, type TokenRules } from "@rahcp/core";
import { createJwtSigner, newPrivateKeyPem, SIGNING_ALG } from "./jwt-signer";

/**
 * The local development token issuer: one RS256 key pair kept under `<dataDir>/dev-issuer/`,
 * published as a JWKS on the local server, so tokens go through the production verifier.
 */

export const DEV_AUDIENCE = "rahcp-local";
export const DEFAULT_PORT = 8000;
const KEY_FILE = "private-key.pem";

/**
 * The issuer names `localhost` whatever address the client dials: `iss` is a fixed string, and the
 * same one is configured in the server and written by `npm run token`.
 */
export function devIssuerUrl(port: number): string {
  return `http://localhost:${port}`;
}

export interface MintOptions {
  /** Scope names; defaults to every bucket scope (the token rules' read, write and admin scopes). */
  scopes?: readonly string[];
  subject?: string;
  lifetimeSeconds?: number;
  /** Written to the configured groups claim (AUTH_GROUPS_CLAIM) as a list; absent when undefined. */
  groups?: readonly string[];
  /** Written to the configured tenant claim (AUTH_TENANT_CLAIM); absent when undefined. */
  tenant?: string;
  /** Written as `client_id`. */
  clientId?: string;
}

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly kid: string;
  readonly jwks: { keys: JWK[] };
  openidConfiguration(jwksUri: string): Record<string, unknown>;
  mint(options?: MintOptions): Promise<string>;
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

/** Creates the key once; concurrent first starts (server and token command) agree on one winner. */
async function loadOrCreatePrivateKeyPem(dir: string): Promise<string> {
  const file = join(dir, KEY_FILE);
  try {
    const mode = (await stat(file)).mode;
    if ((mode & 0o077) !== 0) await chmod(file, 0o600); // a private key readable by others is a leak
    return await readFile(file, "utf8");
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pem = await newPrivateKeyPem();
  const temp = join(dir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  await writeFile(temp, pem, { mode: 0o600, flag: "wx" });
  try {
    await link(temp, file); // atomic, and fails if another process created the key first
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return await readFile(file, "utf8");
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Opens (creating on first use) the dev issuer stored under `<dataDir>/dev-issuer/`. `rules`: the
 * scope names and claims it writes, core's token rules (the ones the server's verifier checks).
 */
export async function openDevIssuer(dataDir: string, issuer: string, rules: TokenRules): Promise<DevIssuer> {
  const signer = await createJwtSigner({ privateKeyPem: await loadOrCreatePrivateKeyPem(join(dataDir, "dev-issuer")) });
  const scopeNames = rules.scopes;

  return {
    issuer,
    audience: DEV_AUDIENCE,
    kid: signer.kid,
    jwks: signer.jwks,
    openidConfiguration: (jwksUri) => ({
      issuer,
      jwks_uri: jwksUri,
      response_types_supported: ["token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: [SIGNING_ALG],
      token_endpoint_auth_methods_supported: ["none"],
      scopes_supported: Object.values(scopeNames),
      claims_supported: ["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "scope", "client_id", rules.groupsClaim, rules.tenantClaim],
    }),
    async mint({ scopes = Object.values(scopeNames), subject = "local-dev", lifetimeSeconds = 3600, groups, tenant, clientId } = {}) {
      if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds <= 0) throw new Error("lifetime must be a positive number of seconds");
      if (lifetimeSeconds > rules.maxTokenLifetimeSeconds) {
        throw new Error(`lifetime must be at most ${rules.maxTokenLifetimeSeconds} seconds (AUTH_MAX_TOKEN_LIFETIME_S): the API refuses longer-lived tokens`);
      }
      if (subject.trim() === "") throw new Error("subject must not be empty");
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = { scope: scopes.join(" ") };
      if (groups !== undefined) claims[rules.groupsClaim] = [...groups];
      if (tenant !== undefined) claims[rules.tenantClaim] = tenant;
      if (clientId !== undefined) claims["client_id"] = clientId;
      return signer.sign({ ...claims, iss: issuer, aud: DEV_AUDIENCE, sub: subject, iat: now, nbf: now, exp: now + lifetimeSeconds, jti: randomUUID() });
    },
  };
}

/** A signed development token for the server on `port` using the key in `dataDir`, by the token rules of `env`. */
export async function mintDevToken(options: MintOptions & { dataDir: string; port?: number; env?: Env }): Promise<string> {
  const issuer = await openDevIssuer(options.dataDir, devIssuerUrl(options.port ?? DEFAULT_PORT), tokenRules(options.env ?? process.env));
  return issuer.mint(options);
}
