import type { MiddlewareObj } from "@middy/core";
import { tokenVerifier, type Principal } from "../auth";
import { ConfigError } from "../config";
import { grants, type Permission } from "../permissions";
import { ApiError } from "./api-error";
import type { ApiEvent } from "./api-event";

/** Tokens larger than this are refused before any parsing (real access tokens are a few KB). */
const MAX_TOKEN_LENGTH = 8 * 1024;

function unauthorized(detail: string, error = "invalid_token"): ApiError {
  return new ApiError(401, "Unauthorized", detail, {
    "www-authenticate": `Bearer realm="rahcp", error="${error}"`,
  });
}

function bearerToken(header: string | undefined): string {
  if (header === undefined) throw unauthorized("Missing Authorization header with a Bearer token", "invalid_request");
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  if (!match) throw unauthorized("Authorization header must be 'Bearer <token>'", "invalid_request");
  const token = match[1]!;
  if (token.length > MAX_TOKEN_LENGTH) throw unauthorized("Bearer token is too large");
  return token;
}

/** Names the verification failure without echoing the token. */
function reason(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  switch (name) {
    case "JwtExpiredError":
      return "Token has expired";
    case "JwtNotBeforeError":
      return "Token is not valid yet";
    case "JwtInvalidIssuerError":
      return "Token issuer is not trusted";
    case "JwtInvalidAudienceError":
    case "CognitoJwtInvalidClientIdError":
      return "Token audience (client id) is not accepted";
    case "CognitoJwtInvalidTokenUseError":
      return "An access token is required";
    case "JwtInvalidSignatureError":
      return "Token signature is invalid";
    case "JwtInvalidSignatureAlgorithmError":
    case "JwkInvalidKtyError":
      return "Token signature algorithm is not accepted";
    case "KidNotFoundInJwksError":
    case "JwtWithoutValidKidError":
    case "WaitPeriodNotYetEndedJwkError":
      return "Token was not signed by a known key";
    case "JwtParseError":
      return "Token is not a well-formed JWT";
    default:
      return "Token is invalid";
  }
}

/** Verifies the bearer JWT and checks that its scopes grant `permission`. */
export function authenticate(permission: Permission): MiddlewareObj<ApiEvent> {
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
      if (!grants(principal.scopes, permission, auth.settings.scopes)) {
        throw new ApiError(
          403,
          "InsufficientScope",
          `This operation needs the '${auth.settings.scopes[permission]}' scope (or '${auth.settings.scopes.admin}')`,
          { "www-authenticate": `Bearer realm="rahcp", error="insufficient_scope", scope="${auth.settings.scopes[permission]}"` },
        );
      }
      request.event.principal = principal;
    },
  };
}
