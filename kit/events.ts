import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { HttpMethod } from "@rahcp/core";

let counter = 0;

export interface EventOptions {
  method: HttpMethod;
  /** Route path with `{name}` placeholders, e.g. "/api/v1/buckets/{bucket}". */
  routePath: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  token?: string;
  /** Objects are JSON-encoded and sent with Content-Type: application/json. */
  body?: unknown;
}

/** An API Gateway HTTP API (payload 2.0) event as API Gateway would deliver it. */
export function apiEvent(options: EventOptions): APIGatewayProxyEventV2 {
  const params = options.pathParameters ?? {};
  const rawPath = options.routePath.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  const headers: Record<string, string> = { host: "api.test.invalid" };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  if (options.token !== undefined) headers["authorization"] = `Bearer ${options.token}`;
  for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
  const requestId = `test-request-${++counter}`;
  const query = options.query;
  return {
    version: "2.0",
    routeKey: `${options.method} ${options.routePath}`,
    rawPath,
    rawQueryString: query ? new URLSearchParams(query).toString() : "",
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(options.pathParameters ? { pathParameters: params } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "test",
      domainName: "api.test.invalid",
      domainPrefix: "api",
      http: { method: options.method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
      requestId,
      routeKey: `${options.method} ${options.routePath}`,
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "test",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:test",
    memoryLimitInMB: "512",
    awsRequestId: `lambda-${counter}`,
    logGroupName: "/aws/lambda/test",
    logStreamName: "test",
    getRemainingTimeInMillis: () => 25_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Invokes a handler the way Lambda does and decodes a JSON body when there is one. */
export async function invoke(handler: unknown, event: APIGatewayProxyEventV2) {
  const result = await (handler as Handler)(event, lambdaContext());
  const headers = (result.headers ?? {}) as Record<string, string>;
  const json = result.body ? (JSON.parse(result.body) as Record<string, unknown>) : undefined;
  return { status: result.statusCode ?? 200, headers, body: result.body, json };
}
