import { S3Client } from "@aws-sdk/client-s3";

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
