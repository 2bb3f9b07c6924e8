import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { assetSecurityHeaders } from "@rahcp/core/http/security-headers";
import { logger } from "@rahcp/core/log";
import { docsAsset, docsAssetVersion, isDocsAssetName, type DocsAssetName } from "./docs-asset-catalog";
import { errorResult, type StaticBody, staticResponse } from "./static-response";

/** The page asks for versioned URLs; those never change, anything else may after a deploy. */
function cacheControl(name: DocsAssetName, event: APIGatewayProxyEventV2): string {
  const versioned = event.queryStringParameters?.["v"] === docsAssetVersion(name);
  return versioned ? "public, max-age=31536000, immutable" : "public, max-age=300";
}

/** GET /api/v1/docs/{asset} — one allow-listed Swagger UI file (public). */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const name = event.pathParameters?.["asset"] ?? "";
  if (!isDocsAssetName(name)) return errorResult(event, 404, "NotFound", "No such documentation asset");
  let body: StaticBody;
  try {
    body = docsAsset(name);
  } catch (error) {
    // swagger-ui-dist missing from the function package (see docs-asset-catalog.ts): say so instead of a bare crash.
    logger.error("documentation asset unavailable", { asset: name, cause: error instanceof Error ? error.message : String(error) });
    return errorResult(event, 500, "DocsAssetsMissing", "The documentation assets are not installed with this function");
  }
  return staticResponse(event, body, {
    cacheControl: cacheControl(name, event),
    security: assetSecurityHeaders(),
  });
};
