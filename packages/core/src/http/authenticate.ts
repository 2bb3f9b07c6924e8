import type { MiddlewareObj } from "@middy/core";
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  JwkInvalidKtyError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from "aws-jwt-verify/error";
import { tokenVerifier, type Principal } from "../auth";
import { MissingSubjectError, TokenRefusedError } from "../auth/token-verifier";
import { ConfigError } from "../config";
import { scopePermissions, scopesGranting } from "../permissions";
import type { RoutePermission } from "../routes/route-spec";
import { ApiError } from "./api-error";
import type { ApiEvent } from "./api-event";

/** Tokens larger than this are refused before any parsing (real access tokens are a few KB). */
const MAX_TOKEN_LENGTH = 8 * 1024;

/** RFC 6750 §3: no error code when the client sent no credentials at all. */
function unauthorized(detail: string, error: "invalid_token" | "invalid_request" | null = "invalid_token"): ApiError {
  return new ApiError(401, "Unauthorized", detail, {
    "www-authenticate": error ? `Bearer realm="rahcp", error="${error}"` : `Bearer realm="rahcp"`,
  });
}

function bearerToken(header: string | undefined): string {
  if (header === undefined) throw unauthorized("Missing Authorization header with a Bearer token", null);
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  if (!match) throw unauthorized("Authorization header must be 'Bearer <token>'", "invalid_request");
  const token = match[1]!;
  if (token.length > MAX_TOKEN_LENGTH) throw unauthorized("Bearer token is too large");
  return token;
}

/**
 * Why verification failed, by error class: aws-jwt-verify's errors do not set `name` (it stays "Error"),
 * and bundlers may rename classes, so `instanceof` is the only reliable test.
 */
const REASONS: readonly [new (...args: never[]) => Error, string][] = [
  [JwtExpiredError, "Token has expired"],
  [JwtNotBeforeError, "Token is not valid yet"],
  [JwtInvalidIssuerError, "Token issuer is not trusted"],
  [JwtInvalidAudienceError, "Token audience (client id) is not accepted"],
  [CognitoJwtInvalidClientIdError, "Token audience (client id) is not accepted"],
  [CognitoJwtInvalidTokenUseError, "An access token is required"],
  [JwtInvalidSignatureError, "Token signature is invalid"],
  [JwtInvalidSignatureAlgorithmError, "Token signature algorithm is not accepted"],
  [JwkInvalidKtyError, "Token signature algorithm is not accepted"],
  [KidNotFoundInJwksError, "Token was not signed by a known key"],
  [JwtWithoutValidKidError, "Token was not signed by a known key"],
  [WaitPeriodNotYetEndedJwkError, "Token was not signed by a known key"],
  [JwtParseError, "Token is not a well-formed JWT"],
  [MissingSubjectError, "Token has no subject (sub)"],
];

/** Names the verification failure without echoing the token. */
function reason(error: unknown): string {
  if (error instanceof TokenRefusedError) return error.message;
  return REASONS.find(([type]) => error instanceof type)?.[1] ?? "Token is invalid";
}

/** "the 'a' scope", "the 'a' or 'b' scope", "the 'a', 'b' or 'c' scope". */
function scopeList(scopes: readonly string[]): string {
  const quoted = scopes.map((s) => `'${s}'`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** Verifies the bearer JWT and checks that its scopes grant `permission` (admin ⇒ write ⇒ read). */
export function authenticate(permission: RoutePermission): MiddlewareObj<ApiEvent> {
  return {
    before: async (request) => {
      let auth: ReturnType<typeof tokenVerifier>;
      try {
        auth = tokenVerifier();
      } catch (error) {
        if (error instanceof ConfigError) throw new ApiError(500, "ServerMisconfigured", "The API's token issuer is not configured");
        throw error;
      }
      const token = bearerToken(request.event.headers["authorization"]);
      let principal: Principal;
      try {
        principal = await auth.verifier.verify(token);
      } catch (error) {
        throw unauthorized(reason(error));
      }
      // Known before the scope check, so a refused attempt is still attributed in the audit log.
      request.event.principal = principal;
      if (permission !== "authenticated" && !scopePermissions(principal.scopes, auth.settings.scopes).has(permission)) {
        const accepted = scopesGranting(permission, auth.settings.scopes);
        throw new ApiError(403, "InsufficientScope", `This operation needs the ${scopeList(accepted)} scope`, {
          "www-authenticate": `Bearer realm="rahcp", error="insufficient_scope", scope="${auth.settings.scopes[permission]}"`,
        });
      }
    },
  };
}
