import { authSettings, createTokenVerifier, useTokenVerifier, type AuthSettings, type TokenVerifier } from "@rahcp/core";
import { DEV_AUDIENCE, devIssuerUrl, openDevIssuer, type DevIssuer } from "./dev-issuer";

export type AuthChoice = "dev" | "env";

/** AUTH_ISSUER (or Cognito mode) means "verify tokens of that identity provider"; otherwise the dev issuer. */
export function defaultAuthChoice(env: NodeJS.ProcessEnv = process.env): AuthChoice {
  return env.AUTH_ISSUER || env.AUTH_MODE === "cognito" ? "env" : "dev";
}

export interface LocalAuth {
  settings: AuthSettings;
  verifier: TokenVerifier;
  /** Present when the local dev issuer signs and publishes the trusted key. */
  devIssuer: DevIssuer | undefined;
  /** Puts back the AUTH_* variables as they were before the server started. */
  restoreEnv(): void;
}

const AUTH_ENV = ["AUTH_MODE", "AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URI"] as const;

/**
 * Configures the process's token verifier the way a deployed function is configured: through the
 * AUTH_* settings, verified by core's aws-jwt-verify verifier (JWKS fetched over HTTP from loopback).
 */
export async function configureAuth(options: {
  choice: AuthChoice;
  dataDir: string;
  port: number;
  /** The port in the dev issuer's URL: the one clients dial (default `port`; see LocalServerOptions.publicPort). */
  issuerPort?: number;
  /** Loopback address (URL form) where this server answers, for the JWKS URI. */
  jwksHost: string;
}): Promise<LocalAuth> {
  const saved = Object.fromEntries(AUTH_ENV.map((name) => [name, process.env[name]]));
  const restoreEnv = () => {
    for (const name of AUTH_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  };
  let devIssuer: DevIssuer | undefined;
  try {
    if (options.choice === "dev") {
      devIssuer = await openDevIssuer(options.dataDir, devIssuerUrl(options.issuerPort ?? options.port));
      process.env.AUTH_MODE = "oidc";
      process.env.AUTH_ISSUER = devIssuer.issuer;
      process.env.AUTH_AUDIENCE = DEV_AUDIENCE;
      process.env.AUTH_JWKS_URI = `http://${options.jwksHost}:${options.port}/.well-known/jwks.json`;
    }
    const settings = authSettings();
    // A fresh verifier per server: the process-wide one may belong to a server started before.
    const verifier = createTokenVerifier(settings);
    useTokenVerifier(settings, verifier);
    return { settings, verifier, devIssuer, restoreEnv };
  } catch (error) {
    restoreEnv();
    throw error;
  }
}
