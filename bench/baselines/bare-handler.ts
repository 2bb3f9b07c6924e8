import { S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/**
 * The S3 client a bare handler on HCP needs: the tenant endpoint, path-style addressing and the key
 * pair, read from the same variables the API's functions read (so both talk to the same backend).
 * Nothing else: no timeouts, retries or checksum settings beyond the SDK's defaults.
 */
export function bareClient(): S3Client {
  const env = process.env;
  return new S3Client({
    region: env.HCP_REGION ?? "us-east-1",
    forcePathStyle: true,
    ...(env.HCP_ENDPOINT ? { endpoint: env.HCP_ENDPOINT } : {}),
    ...(env.HCP_ACCESS_KEY_ID && env.HCP_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.HCP_ACCESS_KEY_ID, secretAccessKey: env.HCP_SECRET_ACCESS_KEY } }
      : {}),
  });
}

export type BareLambdaHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

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
export function bareHandler(call: BareCall): BareLambdaHandler {
  const client = bareClient();
  return async (event) => {
    const out = (await call(client, requestOf(event))) as { $metadata?: unknown } | undefined;
    const { $metadata: _, ...body } = out ?? {};
    return { statusCode: 200, body: JSON.stringify(body) };
  };
}
