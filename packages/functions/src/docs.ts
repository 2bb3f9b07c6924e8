import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { pageSecurityHeaders } from "@rahcp/core/http/security-headers";
import { OPENAPI_DOCUMENT_PATH } from "@rahcp/core/routes/public";
import { docsAssetUrl, type DocsAssetName } from "./docs-asset-catalog";
import { StaticBody, staticResponse } from "./static-response";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const url = (name: DocsAssetName) => escapeHtml(docsAssetUrl(name));

/** Swagger UI on our own assets only; its configuration lives in docs-init.js (no inline script). */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>rahcp S3 Buckets API reference</title>
  <link rel="stylesheet" href="${url("swagger-ui.css")}">
  <link rel="stylesheet" href="${url("index.css")}">
  <link rel="icon" type="image/png" sizes="32x32" href="${url("favicon-32x32.png")}">
  <link rel="icon" type="image/png" sizes="16x16" href="${url("favicon-16x16.png")}">
</head>
<body>
  <noscript>This reference needs JavaScript. The OpenAPI document is at
    <a href="${escapeHtml(OPENAPI_DOCUMENT_PATH)}">${escapeHtml(OPENAPI_DOCUMENT_PATH)}</a>.</noscript>
  <div id="swagger-ui"></div>
  <script src="${url("swagger-ui-bundle.js")}"></script>
  <script src="${url("docs-init.js")}"></script>
</body>
</html>
`;

const page = new StaticBody(Buffer.from(DOCS_HTML), "text/html; charset=utf-8");

/** GET /api/v1/docs — interactive API reference (Swagger UI), public. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  // Revalidated every time (cheap 304): the page names the asset versions of the current deploy.
  staticResponse(event, page, { cacheControl: "no-cache", security: pageSecurityHeaders() });
