import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
// Generated at build time by `npm run openapi:sync` (see packages/openapi); esbuild inlines it, so
// the function carries no zod-to-JSON-Schema code. test/openapi/freshness.test.ts keeps it current.
import document from "./generated/openapi.json" with { type: "json" };
import { resourceSecurityHeaders, StaticBody, staticResponse } from "./static-response";

const body = new StaticBody(Buffer.from(JSON.stringify(document)), "application/json");

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document of this API (public, readable cross-origin). */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const response = staticResponse(event, body, {
    cacheControl: "public, max-age=300",
    security: resourceSecurityHeaders(true),
  });
  return { ...response, headers: { ...response.headers, "access-control-allow-origin": "*" } };
};
