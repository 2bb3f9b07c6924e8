import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { publicRoutes } from "@rahcp/core";
import { handler as docsAsset } from "@rahcp/functions/src/docs-asset";
import { DOCS_PATH, OPENAPI_DOCUMENT_PATH } from "@rahcp/core/routes/public";
import { DOCS_ASSET_NAMES, docsAssetVersion } from "@rahcp/functions/src/docs-asset-catalog";
import { handler as docs } from "@rahcp/functions/src/docs";
import { handler as openapiJson } from "@rahcp/functions/src/openapi-json";
import { generateOpenApiDocument } from "@rahcp/openapi";
import { apiEvent } from "../../kit/events";

type Response = { status: number; headers: Record<string, string>; bytes: Buffer };

function decode(result: APIGatewayProxyStructuredResultV2): Response {
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const raw = Buffer.from(result.body ?? "", result.isBase64Encoded ? "base64" : "utf8");
  return { status: result.statusCode ?? 200, headers, bytes: headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw };
}

async function getDocument(headers: Record<string, string> = {}) {
  return decode(await openapiJson(apiEvent({ method: "GET", routePath: OPENAPI_DOCUMENT_PATH, headers })));
}

async function getPage(headers: Record<string, string> = {}) {
  return decode(await docs(apiEvent({ method: "GET", routePath: DOCS_PATH, headers })));
}

async function getAsset(asset: string, options: { headers?: Record<string, string>; query?: Record<string, string> } = {}) {
  const event = apiEvent({ method: "GET", routePath: `${DOCS_PATH}/{asset}`, pathParameters: { asset }, ...options });
  return decode(await docsAsset(event));
}

const swaggerUiFile = (file: string) => readFileSync(createRequire(import.meta.url).resolve(`swagger-ui-dist/${file}`));

describe("documentation routes", () => {
  it("are declared as public routes served by these handlers", () => {
    expect(publicRoutes.map((r) => [r.id, r.method, r.path, r.handler, r.public])).toEqual([
      ["openapiDocument", "GET", OPENAPI_DOCUMENT_PATH, "openapi-json", true],
      ["openapiDocumentHead", "HEAD", OPENAPI_DOCUMENT_PATH, "openapi-json", true],
      ["docs", "GET", DOCS_PATH, "docs", true],
      ["docsHead", "HEAD", DOCS_PATH, "docs", true],
      ["docsAsset", "GET", `${DOCS_PATH}/{asset}`, "docs-asset", true],
      ["docsAssetHead", "HEAD", `${DOCS_PATH}/{asset}`, "docs-asset", true],
    ]);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the generated document without authentication", async () => {
    const response = await getDocument();
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(response.bytes.toString("utf8"))).toEqual(generateOpenApiDocument());
    expect(response.headers["cache-control"]).toBe("public, max-age=300");
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("compresses for clients that accept gzip and answers 304 to a matching If-None-Match", async () => {
    const plain = await getDocument();
    const gzipped = await getDocument({ "accept-encoding": "gzip, deflate, br" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.bytes.equals(plain.bytes)).toBe(true);
    expect(gzipped.headers["vary"]).toMatch(/accept-encoding/i);
    expect((await getDocument({ "accept-encoding": "gzip;q=0" })).headers["content-encoding"]).toBeUndefined();

    const etag = plain.headers["etag"]!;
    expect(etag).toMatch(/^".+"$/);
    const revalidated = await getDocument({ "if-none-match": `W/"other", ${etag}` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
    expect((await getDocument({ "if-none-match": '"other"' })).status).toBe(200);
  });
});

describe("GET /api/v1/docs", () => {
  it("serves Swagger UI HTML that loads only same-origin assets", async () => {
    const response = await getPage();
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-cache");
    const html = response.bytes.toString("utf8");
    expect(html).toContain('<div id="swagger-ui"></div>');

    const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&#38;", "&"));
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) {
      // Path-absolute on this origin: no scheme, no host, no protocol-relative //.
      expect(url, url).toMatch(/^\/api\/v1\/[^/]/);
    }
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline scripts
    expect(html).not.toMatch(/\son\w+=/i); // no inline event handlers

    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      `${DOCS_PATH}/swagger-ui-bundle.js?v=${docsAssetVersion("swagger-ui-bundle.js")}`,
      `${DOCS_PATH}/docs-init.js?v=${encodeURIComponent(docsAssetVersion("docs-init.js"))}`,
    ]);
  });

  it("has every asset the page references served by the asset route", async () => {
    const html = (await getPage()).bytes.toString("utf8");
    const assetUrls = [...html.matchAll(/\s(?:src|href)="\/api\/v1\/docs\/([^"?]+)\?v=([^"]+)"/g)];
    expect(assetUrls.map((m) => m[1]).sort()).toEqual([...DOCS_ASSET_NAMES].sort());
    for (const [, name, version] of assetUrls) {
      const asset = await getAsset(name!, { query: { v: decodeURIComponent(version!) } });
      expect(asset.status, name).toBe(200);
      expect(asset.headers["cache-control"], name).toBe("public, max-age=31536000, immutable");
    }
  });

  it("sends a CSP that allows only our own scripts and no third-party origin", async () => {
    const { headers } = await getPage();
    const csp = headers["content-security-policy"]!;
    const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval|unsafe-inline/);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
  });

  it("configures Swagger UI with our document, a session-only token (not persisted) and try-it-out", async () => {
    const script = (await getAsset("docs-init.js")).bytes.toString("utf8");
    const config = JSON.parse(/var config = (\{.*\});/.exec(script)![1]!) as Record<string, unknown>;
    expect(config).toMatchObject({
      url: OPENAPI_DOCUMENT_PATH,
      persistAuthorization: false,
      tryItOutEnabled: true,
      validatorUrl: null,
      queryConfigEnabled: false,
    });
  });
});

describe("GET /api/v1/docs/{asset}", () => {
  it.each([
    ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
    ["swagger-ui.css", "text/css; charset=utf-8"],
    ["index.css", "text/css; charset=utf-8"],
    ["favicon-32x32.png", "image/png"],
  ])("serves %s from swagger-ui-dist as %s", async (name, contentType) => {
    const asset = await getAsset(name, { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers["content-type"]).toBe(contentType);
    expect(asset.bytes.equals(swaggerUiFile(name))).toBe(true);
    expect(asset.headers["cross-origin-resource-policy"]).toBe("same-origin");
    // An unversioned URL may change with the next deploy: short cache only.
    expect(asset.headers["cache-control"]).toBe("public, max-age=300");
  });

  it("sends the 1.7 MB Swagger UI bundle gzip-compressed when accepted", async () => {
    const raw = await docsAsset(
      apiEvent({ method: "GET", routePath: `${DOCS_PATH}/{asset}`, pathParameters: { asset: "swagger-ui-bundle.js" }, headers: { "accept-encoding": "gzip" } }),
    );
    expect(raw.isBase64Encoded).toBe(true);
    // Lambda's synchronous response limit is 6 MB (base64 included).
    expect(raw.body!.length).toBeLessThan(swaggerUiFile("swagger-ui-bundle.js").length);
  });

  it.each([
    "index.html",
    "swagger-ui.js",
    "swagger-ui-bundle.js.map",
    "oauth2-redirect.html",
    "package.json",
    "SWAGGER-UI.CSS",
    "../package.json",
    "..%2Fpackage.json",
    "../../../../../../etc/passwd",
    "swagger-ui.css/../../../package.json",
    "./swagger-ui.css",
    "/etc/passwd",
    "swagger-ui.css\u0000",
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "",
  ])("refuses %j with 404", async (asset) => {
    const response = await getAsset(asset);
    expect(response.status).toBe(404);
    expect(response.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(response.bytes.toString("utf8")) as Record<string, unknown>;
    expect(body).toEqual({ detail: "No such documentation asset", code: "NotFound", request_id: expect.any(String) });
  });
});

describe("a request body sent to a documentation route", () => {
  it.each([
    ["openapi-json", openapiJson, OPENAPI_DOCUMENT_PATH],
    ["docs", docs, DOCS_PATH],
  ] as const)("%s refuses it with 400 ValidationError, as the API's GET operations do", async (_name, handler, path) => {
    const result = await handler(apiEvent({ method: "GET", routePath: path, body: { x: 1 } }));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!)).toMatchObject({ code: "ValidationError", detail: "The documentation routes take no request body" });
  });
});

describe("the served document's token URL", () => {
  it("is the deployment's AUTH_TOKEN_URL when set (the build only knows an example)", async () => {
    vi.stubEnv("AUTH_TOKEN_URL", "https://login.example.org/realms/archive/protocol/openid-connect/token");
    vi.resetModules();
    try {
      const { handler } = await import("@rahcp/functions/src/openapi-json");
      const served = JSON.parse((await handler(apiEvent({ method: "GET", routePath: OPENAPI_DOCUMENT_PATH }))).body!) as ReturnType<typeof generateOpenApiDocument>;
      const expected = generateOpenApiDocument();
      (expected.components["securitySchemes"] as { oauth2: { flows: { clientCredentials: { tokenUrl: string } } } }).oauth2.flows.clientCredentials.tokenUrl =
        "https://login.example.org/realms/archive/protocol/openid-connect/token";
      expect(served).toEqual(expected);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
