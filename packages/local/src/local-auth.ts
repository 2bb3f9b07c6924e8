import { authSettings, createTokenVerifier, tokenRules, useTokenVerifier, type AuthSettings, type Env, type TokenVerifier } from "@rahcp/core";
import { DEV_AUDIENCE, devIssuerUrl, openDevIssuer, type DevIssuer } from "./dev-issuer";

export type AuthChoice = "dev" | "env";

/** AUTH_ISSUER (or Cognito mode) means "verify tokens of that identity provider"; otherwise the dev issuer. */
export function defaultAuthChoice(env: Env): AuthChoice {
  return env.AUTH_ISSUER || env.AUTH_MODE === "cognito" ? "env" : "dev";
}

export interface LocalAuth {
  settings: AuthSettings;
  verifier: TokenVerifier;
  /** Present when the local dev issuer signs and publishes the trusted key. */
  devIssuer: DevIssuer | undefined;
}

/**
 * Configures the process's token verifier the way a deployed function is configured, verified by
 * core's aws-jwt-verify verifier: "env" reads the AUTH_* settings of `env` with core's parser; "dev"
 * trusts the dev issuer (its JWKS fetched over HTTP from loopback) under the token rules of `env`
 * (AUTH_SCOPE_*, claims, lifetimes), which the issuer also writes its tokens by. The settings go to
 * the verifier directly: `env` is only read.
 */
export async function configureAuth(options: {
  choice: AuthChoice;
  /** Where AUTH_* come from (the server passes process.env). */
  env: Env;
  dataDir: string;
  port: number;
  /** The port in the dev issuer's URL: the one clients dial (default `port`; see LocalServerOptions.publicPort). */
  issuerPort?: number;
  /** Loopback address (URL form) where this server answers, for the JWKS URI. */
  jwksHost: string;
}): Promise<LocalAuth> {
  let settings: AuthSettings;
  let devIssuer: DevIssuer | undefined;
  if (options.choice === "dev") {
    const rules = tokenRules(options.env);
    devIssuer = await openDevIssuer(options.dataDir, devIssuerUrl(options.issuerPort ?? options.port), rules);
    settings = {
      ...rules,
      kind: "oidc",
      issuer: devIssuer.issuer,
      audience: [DEV_AUDIENCE],
      jwksUri: `http://${options.jwksHost}:${options.port}/.well-known/jwks.json`,
    };
  } else {
    settings = authSettings(options.env);
  }
  // A fresh verifier per server: the process-wide one may belong to a server started before.
  const verifier = createTokenVerifier(settings);
  useTokenVerifier(settings, verifier);
  return { settings, verifier, devIssuer };
}
