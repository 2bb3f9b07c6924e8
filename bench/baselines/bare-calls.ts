import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketAclCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  type AccessControlPolicy,
} from "@aws-sdk/client-s3";
import { bareHandler, type BareLambdaHandler } from "./bare-handler";

/**
 * The bare-SDK baselines, one per route, named like the operations of `routes`: what each
 * function would be with nothing but its S3 call(s). Each is bundled on its own
 * (bench/baselines/bundle.ts): a route's entry calls its factory here and nothing else, so
 * esbuild leaves the other routes' commands out of it.
 */

export const listBuckets = (): BareLambdaHandler => bareHandler((client) => client.send(new ListBucketsCommand({})));

/** The same two calls the API's S3 store makes: HeadBucket (S3 answers 200 to re-creating one's own bucket), then CreateBucket. */
export const createBucket = (): BareLambdaHandler =>
  bareHandler(async (client, request) => {
    await client.send(new HeadBucketCommand({ Bucket: request.bucket })).catch(() => undefined);
    return client.send(new CreateBucketCommand({ Bucket: request.bucket }));
  });

export const headBucket = (): BareLambdaHandler => bareHandler((client, request) => client.send(new HeadBucketCommand({ Bucket: request.bucket })));

export const deleteBucket = (): BareLambdaHandler => bareHandler((client, request) => client.send(new DeleteBucketCommand({ Bucket: request.bucket })));

export const getVersioning = (): BareLambdaHandler =>
  bareHandler((client, request) => client.send(new GetBucketVersioningCommand({ Bucket: request.bucket })));

export const setVersioning = (): BareLambdaHandler =>
  bareHandler((client, request) =>
    client.send(
      new PutBucketVersioningCommand({
        Bucket: request.bucket,
        VersioningConfiguration: { Status: request.body["status"] as "Enabled" | "Suspended" },
      }),
    ),
  );

/** One page of up to 1000. */
export const listObjects = (): BareLambdaHandler =>
  bareHandler((client, request) => client.send(new ListObjectsV2Command({ Bucket: request.bucket, MaxKeys: 1000 })));

/** One page of up to 1000. */
export const listVersions = (): BareLambdaHandler =>
  bareHandler((client, request) => client.send(new ListObjectVersionsCommand({ Bucket: request.bucket, MaxKeys: 1000 })));

export const listUploads = (): BareLambdaHandler =>
  bareHandler((client, request) => client.send(new ListMultipartUploadsCommand({ Bucket: request.bucket })));

export const getAcl = (): BareLambdaHandler => bareHandler((client, request) => client.send(new GetBucketAclCommand({ Bucket: request.bucket })));

export const setAcl = (): BareLambdaHandler =>
  bareHandler((client, request) =>
    client.send(new PutBucketAclCommand({ Bucket: request.bucket, AccessControlPolicy: request.body as AccessControlPolicy })),
  );

/**
 * No S3 call to make: a handler that reads the bearer token's payload without verifying it and
 * echoes the subject (what /me would be with no auth, no policy). No S3 client either.
 */
export const me = (): BareLambdaHandler => async (event) => {
  const token = (event.headers?.["authorization"] ?? "").replace(/^Bearer /i, "");
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8") || "{}") as { sub?: string };
  return { statusCode: 200, body: JSON.stringify({ sub: payload.sub ?? null }) };
};
