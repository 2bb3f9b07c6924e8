import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
// Generated at build time by `npm run openapi:sync` (see packages/openapi); esbuild inlines it, so
// the function carries no zod-to-JSON-Schema code. test/openapi/freshness.test.ts keeps it current.
import document from "./generated/openapi.json" with { type: "json" };
import { assetSecurityHeaders } from "@rahcp/core/http/security-headers";
import { parseDocsSettings } from "@rahcp/core/settings/auth";
import { StaticBody, staticResponse } from "./static-response";

/**
 * The document as this deployment serves it: its OAuth2 flow names the deployment's token URL
 * (AUTH_TOKEN_URL, a stage variable) instead of the example the build cannot know better than.
 */
function served(tokenUrl: string | undefined): typeof document {
  if (!tokenUrl) return document;
  const copy = structuredClone(document);
  copy.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl = tokenUrl;
  return copy;
}

// Read with core's parser (empty counts as unset); the https rule is checked when the stage deploys.
const docs = parseDocsSettings(process.env);
if (!docs.ok) throw new Error(`openapi-json: ${docs.problems.join("; ")}`);
const body = new StaticBody(Buffer.from(JSON.stringify(served(docs.value.tokenUrl))), "application/json");

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document of this API (public, readable cross-origin). */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const response = staticResponse(event, body, {
    cacheControl: "public, max-age=300",
    security: assetSecurityHeaders(true),
  });
  return { ...response, headers: { ...response.headers, "access-control-allow-origin": "*" } };
};
