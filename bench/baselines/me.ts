import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/**
 * Bare baseline of me: no S3 call to make, so a handler that reads the bearer token's payload
 * without verifying it and echoes the subject (what /me would be with no auth, no policy).
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const token = (event.headers?.["authorization"] ?? "").replace(/^Bearer /i, "");
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8") || "{}") as { sub?: string };
  return { statusCode: 200, body: JSON.stringify({ sub: payload.sub ?? null }) };
};
