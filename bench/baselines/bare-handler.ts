import type { S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { bareClient } from "./bare-client";

/** What a bare handler takes from the API Gateway event, unchecked. */
export interface BareRequest {
  bucket: string;
  body: Record<string, unknown>;
}

export type BareCall = (client: S3Client, request: BareRequest) => Promise<unknown>;

function requestOf(event: APIGatewayProxyEventV2): BareRequest {
  const body = event.body ? (JSON.parse(event.body) as Record<string, unknown>) : {};
  return { bucket: event.pathParameters?.["bucket"] ?? String(body["bucket"] ?? ""), body };
}

/**
 * The baseline a function is compared with: a Lambda handler that makes the same S3 call(s) and
 * nothing else (no auth, validation, error mapping, logging or security headers).
 */
export function bareHandler(call: BareCall) {
  const client = bareClient();
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const out = (await call(client, requestOf(event))) as { $metadata?: unknown } | undefined;
    const { $metadata: _, ...body } = out ?? {};
    return { statusCode: 200, body: JSON.stringify(body) };
  };
}
