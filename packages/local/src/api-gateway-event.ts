import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpRoute } from "@rahcp/core";

/** What the socket layer knows about one request, before any API Gateway translation. */
export interface RawRequest {
  method: string;
  /** Path and query exactly as sent, e.g. "/api/v1/buckets/a%20b?x=1". */
  target: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order, duplicates kept. */
  rawHeaders: readonly string[];
  httpVersion: string;
  remoteAddress: string | undefined;
  localPort: number;
  body: Buffer;
}

/** Content types API Gateway hands to Lambda as text; every other body arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  return (
    mediaType.startsWith("text/") ||
    mediaType === "application/json" ||
    mediaType.endsWith("+json") ||
    mediaType === "application/xml" ||
    mediaType.endsWith("+xml") ||
    mediaType === "application/javascript"
  );
}

export function splitTarget(target: string): { rawPath: string; rawQueryString: string } {
  const q = target.indexOf("?");
  return q === -1 ? { rawPath: target, rawQueryString: "" } : { rawPath: target.slice(0, q), rawQueryString: target.slice(q + 1) };
}

/** Lower-cased names, duplicates joined with "," (payload 2.0); cookies move to their own field. */
function headersOf(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (name === "cookie") {
      cookies.push(...value.split(";").map((c) => c.trim()).filter(Boolean));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

/** Decoded query parameters, repeated names joined with "," (payload 2.0). */
function queryOf(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === "") return undefined;
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    if (name === "") continue;
    params[name] = name in params ? `${params[name]},${value}` : value;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** requestContext.time in API Gateway's format: "12/Mar/2020:19:03:58 +0000". */
function gatewayTime(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:` +
    `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`
  );
}

function sourceIpOf(remoteAddress: string | undefined): string {
  if (!remoteAddress) return "127.0.0.1";
  return remoteAddress.startsWith("::ffff:") ? remoteAddress.slice("::ffff:".length) : remoteAddress;
}

export interface EventInput {
  request: RawRequest;
  route: HttpRoute;
  pathParameters: Record<string, string>;
  requestId: string;
  now?: Date;
}

/** The API Gateway HTTP API (payload format 2.0) event that API Gateway would send for this request. */
export function toApiGatewayEvent({ request, route, pathParameters, requestId, now = new Date() }: EventInput): APIGatewayProxyEventV2 {
  const { rawPath, rawQueryString } = splitTarget(request.target);
  const { headers, cookies } = headersOf(request.rawHeaders);
  const sourceIp = sourceIpOf(request.remoteAddress);
  // API Gateway adds the forwarding headers its clients cannot see otherwise.
  headers["x-forwarded-for"] = headers["x-forwarded-for"] ? `${headers["x-forwarded-for"]},${sourceIp}` : sourceIp;
  headers["x-forwarded-port"] = String(request.localPort);
  headers["x-forwarded-proto"] = "http";
  const domainName = (headers["host"] ?? "localhost").replace(/:\d+$/, "");
  const routeKey = `${route.method} ${route.path}`;
  const queryStringParameters = queryOf(rawQueryString);

  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName,
      domainPrefix: domainName.split(".")[0]!,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey,
      stage: "$default",
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (request.body.length > 0) {
    const text = isTextContentType(headers["content-type"]);
    event.body = text ? request.body.toString("utf8") : request.body.toString("base64");
    event.isBase64Encoded = !text;
  }
  return event;
}
