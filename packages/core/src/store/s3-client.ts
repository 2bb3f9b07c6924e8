import { createHash } from "node:crypto";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import type { S3Settings } from "../settings/s3";

/**
 * An S3 client speaking HCP's dialect: path-style buckets (an HCP bucket is a namespace under the
 * tenant host), checksums only where S3 requires them, Content-MD5 on every request body (HCP
 * rejects DeleteObjects/ACL writes without it and ignores the SDK's CRC headers), and timeouts
 * plus bounded retries that fit inside API Gateway's 29 s integration limit.
 */
export function createHcpS3Client(settings: S3Settings): S3Client {
  const config: S3ClientConfig = {
    region: settings.region,
    forcePathStyle: true,
    followRegionRedirects: false,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: settings.maxAttempts,
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      // Without this the SDK only prints an unstructured warning when requestTimeout passes and keeps
      // waiting: a hung HCP would hold the single attempt until the budget, with no retry.
      throwOnRequestTimeout: true,
      // A response body that stops arriving half-way ends the attempt too.
      socketTimeout: settings.requestTimeoutMs,
    },
  };
  if (settings.endpoint) config.endpoint = settings.endpoint;
  if (settings.accessKeyId && settings.secretAccessKey) {
    config.credentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };
  }
  const client = new S3Client(config);
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      const body = request.body;
      if (request.headers && (typeof body === "string" || body instanceof Uint8Array) && body.length > 0) {
        const hasMd5 = Object.keys(request.headers).some((h) => h.toLowerCase() === "content-md5");
        if (!hasMd5) request.headers["content-md5"] = createHash("md5").update(body).digest("base64");
      }
      return next(args);
    },
    { step: "build", name: "hcpContentMd5", tags: ["HCP"] },
  );
  return client;
}
