import type { ScopeNames } from "@rahcp/core/permissions";
import type { RoutePermission } from "@rahcp/core/routes/route-spec";
import type { JsonObject } from "./json";

/**
 * How the document describes authentication: an OAuth2 scheme whose flow lists the scopes (so
 * linters and generated clients know them) and the bearer scheme the same tokens are pasted into
 * (Swagger UI's Authorize, clients that already hold a token). Either satisfies an operation.
 */
export const OAUTH2_SCHEME = "oauth2";
export const BEARER_SCHEME = "bearerAuth";

/**
 * Where the deployment's identity provider issues tokens. Unknown when the document is built: it
 * names this example, and a deployment's openapi-json function serves its AUTH_TOKEN_URL instead.
 */
export const EXAMPLE_TOKEN_URL = "https://idp.example.com/oauth2/token";

export function securitySchemes(scopes: ScopeNames, tokenUrl = EXAMPLE_TOKEN_URL): JsonObject {
  return {
    [OAUTH2_SCHEME]: {
      type: "oauth2",
      description:
        "Access tokens (JWT) of the deployment's OpenID Connect issuer or Cognito user pool, e.g. from the client " +
        "credentials grant of a pipeline's client. The scopes decide what the caller may do; a deployment may rename " +
        "them (AUTH_SCOPE_*). The token URL is the deployment's (AUTH_TOKEN_URL); the published document shows an example.",
      flows: {
        clientCredentials: {
          tokenUrl,
          scopes: {
            [scopes.read]: "Read buckets: list, check, versioning status, object and version listings, ACLs.",
            [scopes.write]: "Create and delete buckets, change versioning; implies read.",
            [scopes.admin]: "Everything, including ACL changes; implies read and write.",
          },
        },
      },
    },
    [BEARER_SCHEME]: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: "The same access token, sent as `Authorization: Bearer <JWT>` (paste it under Authorize); it needs the scope the operation's oauth2 requirement names.",
    },
  };
}

/** An operation's requirement: the OAuth2 scope it needs, or the same token as a bearer. */
export function securityOf(permission: RoutePermission, scopes: ScopeNames): JsonObject[] {
  const needed = permission === "authenticated" ? [] : [scopes[permission]];
  return [{ [OAUTH2_SCHEME]: needed }, { [BEARER_SCHEME]: [] }];
}
