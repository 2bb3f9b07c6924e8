/** An HTTP response as API Gateway derives it from a Lambda result (payload format 2.0). */
export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export class MalformedLambdaResult extends Error {
  override readonly name = "MalformedLambdaResult";
}

/**
 * Applies API Gateway's interpretation of a handler's return value: a structured result
 * (`statusCode` present) is used as-is; anything else is taken as a JSON 200 body.
 */
export function fromLambdaResult(result: unknown): GatewayResponse {
  if (!isRecord(result) || !("statusCode" in result)) {
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      cookies: [],
      body: Buffer.from(JSON.stringify(result ?? null) ?? "null"),
    };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result;
  if (typeof statusCode !== "number" || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedLambdaResult("statusCode must be an integer HTTP status");
  }
  const out: Record<string, string> = {};
  if (headers !== undefined) {
    if (!isRecord(headers)) throw new MalformedLambdaResult("headers must be an object");
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw new MalformedLambdaResult(`header ${name} must be a string, number or boolean`);
      }
      out[name.toLowerCase()] = String(value);
    }
  }
  if (cookies !== undefined && !(Array.isArray(cookies) && cookies.every((c) => typeof c === "string"))) {
    throw new MalformedLambdaResult("cookies must be an array of strings");
  }
  if (body !== undefined && body !== null && typeof body !== "string") throw new MalformedLambdaResult("body must be a string");
  const text = typeof body === "string" ? body : "";
  return {
    statusCode,
    headers: out,
    cookies: (cookies as string[] | undefined) ?? [],
    body: isBase64Encoded === true ? Buffer.from(text, "base64") : Buffer.from(text, "utf8"),
  };
}
