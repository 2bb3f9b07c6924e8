import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { ErrorCode, StatusOf } from "@rahcp/core/http/error-codes";
import { apiErrorResponse, requestIdOf } from "@rahcp/core/http/responses";
import { assetSecurityHeaders } from "@rahcp/core/http/security-headers";

/**
 * Responses of the public documentation routes (the OpenAPI document, the docs page and its
 * assets): no authentication, cacheable, conditional (ETag) and gzip-compressed when the client
 * accepts it, since API Gateway does not compress and the Swagger UI bundle is 1.7 MB.
 */

type Headers = Readonly<Record<string, string>>;

/** A body prepared once per container: its ETag and (lazily) its gzip form. */
export class StaticBody {
  readonly etag: string;
  #gzipped: Buffer | undefined;

  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
    /** Binary bodies are never sent as text; text bodies are only worth compressing when large. */
    readonly binary = false,
  ) {
    this.etag = `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;
  }

  get gzipped(): Buffer {
    this.#gzipped ??= gzipSync(this.bytes, { level: 9 });
    return this.#gzipped;
  }
}

const COMPRESS_FROM_BYTES = 1024;

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name] ?? undefined;
}

/** RFC 9110 If-None-Match: a list of entity tags (weak ones compare equal) or `*`. */
function notModified(event: APIGatewayProxyEventV2, etag: string): boolean {
  const condition = header(event, "if-none-match");
  if (!condition) return false;
  return condition.split(",").some((tag) => {
    const trimmed = tag.trim();
    return trimmed === "*" || trimmed.replace(/^W\//, "") === etag;
  });
}

function acceptsGzip(event: APIGatewayProxyEventV2): boolean {
  const accept = header(event, "accept-encoding") ?? "";
  return accept.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export function staticResponse(
  event: APIGatewayProxyEventV2,
  body: StaticBody,
  headers: { cacheControl: string; security: Headers },
): APIGatewayProxyStructuredResultV2 {
  const base: Headers = {
    ...headers.security,
    "cache-control": headers.cacheControl,
    etag: body.etag,
    vary: "accept-encoding",
    "x-request-id": requestIdOf(event),
  };
  // The documentation routes take no body, like the API's GET, HEAD and DELETE operations.
  if (event.body) return errorResult(event, 400, "ValidationError", "The documentation routes take no request body");
  if (notModified(event, body.etag)) return { statusCode: 304, headers: base };
  const compress = !body.binary && body.bytes.length >= COMPRESS_FROM_BYTES && acceptsGzip(event);
  if (compress) {
    return {
      statusCode: 200,
      headers: { ...base, "content-type": body.contentType, "content-encoding": "gzip" },
      body: body.gzipped.toString("base64"),
      isBase64Encoded: true,
    };
  }
  return {
    statusCode: 200,
    headers: { ...base, "content-type": body.contentType },
    body: body.binary ? body.bytes.toString("base64") : body.bytes.toString("utf8"),
    isBase64Encoded: body.binary,
  };
}

/** An error of these routes, in the API's error shape, with the asset security headers. */
export function errorResult<C extends ErrorCode>(event: APIGatewayProxyEventV2, status: StatusOf<C>, code: C, detail: string): APIGatewayProxyStructuredResultV2 {
  return apiErrorResponse({ status, code, detail }, requestIdOf(event), assetSecurityHeaders());
}
