import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectRetentionCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutBucketAclCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { createHcpS3Client, NULL_VERSION_ID, S3BucketStore, s3Settings, singleTenant } from "@rahcp/core";
import { startLocalServer } from "@rahcp/local";
import { uniqueBucketPrefix, type Account, type ContractBackend } from "./backend";
import { faultInjection } from "./fault-injection";

export interface RgwSettings {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  otherAccessKeyId: string;
  otherSecretAccessKey: string;
  /** A user in the RGW tenant "research", standing for a second HCP tenant. */
  researchAccessKeyId: string;
  researchSecretAccessKey: string;
}

/** RGW_* as written by scripts/rgw/start.sh; undefined when no RGW is configured at all. */
export function rgwSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RgwSettings | undefined {
  const endpoint = env.RGW_ENDPOINT;
  if (!endpoint) return undefined;
  const pick = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`RGW_ENDPOINT is set but ${name} is not: source the output of scripts/rgw/start.sh`);
    return value;
  };
  return {
    endpoint,
    accessKeyId: pick("RGW_ACCESS_KEY_ID"),
    secretAccessKey: pick("RGW_SECRET_ACCESS_KEY"),
    otherAccessKeyId: pick("RGW_OTHER_ACCESS_KEY_ID"),
    otherSecretAccessKey: pick("RGW_OTHER_SECRET_ACCESS_KEY"),
    researchAccessKeyId: pick("RGW_RESEARCH_ACCESS_KEY_ID"),
    researchSecretAccessKey: pick("RGW_RESEARCH_SECRET_ACCESS_KEY"),
  };
}

/** A plain S3 client, as an application writing objects into the buckets would use. */
export function directClient(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export async function accountOf(client: S3Client, endpoint: string): Promise<Account> {
  const { Owner } = await client.send(new ListBucketsCommand({})).catch((error: unknown) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`Ceph RGW at ${endpoint} did not answer ListBuckets (${reason}); (re)start it: bash scripts/rgw/start.sh > /tmp/rgw.env`);
  });
  if (!Owner?.ID || Owner.DisplayName === undefined) throw new Error("RGW ListBuckets returned no owner");
  return { id: Owner.ID, displayName: Owner.DisplayName };
}

/** Deletes every version and delete marker, then the bucket; missing buckets are fine. */
export async function removeBucketWith(client: S3Client, bucket: string): Promise<void> {
  try {
    // A test may have left an ACL that denies even the owner (RGW enforces it): back to private first.
    await client.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "private" }));
    for (;;) {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])];
      for (const entry of entries) {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: entry.Key, VersionId: entry.VersionId }));
      }
      if (entries.length === 0 || !page.IsTruncated) break;
    }
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const u of uploads.Uploads ?? []) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as { name?: string }).name !== "NoSuchBucket") throw error;
  }
}

/**
 * Ceph RGW through core's own S3 adapter (the store a deployment builds from HCP_* settings), behind
 * an in-process local server with the dev issuer. Objects are written by a separate plain S3 client.
 */
export async function rgwBackend(settings: RgwSettings): Promise<ContractBackend> {
  const adapterSettings = {
    ...s3Settings(),
    endpoint: settings.endpoint,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
  };
  const adapterClient = createHcpS3Client(adapterSettings);
  const store = new S3BucketStore(adapterClient, settings.endpoint, adapterSettings.budgetMs);
  const s3 = directClient(settings.endpoint, settings.accessKeyId, settings.secretAccessKey);
  const otherS3 = directClient(settings.endpoint, settings.otherAccessKeyId, settings.otherSecretAccessKey);
  const dataDir = await mkdtemp(join(tmpdir(), "rahcp-contract-rgw-"));
  const destroy = async () => {
    adapterClient.destroy();
    s3.destroy();
    otherS3.destroy();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const [owner, other] = await Promise.all([accountOf(s3, settings.endpoint), accountOf(otherS3, settings.endpoint)]);
    const faults = faultInjection(singleTenant(store));
    const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants: faults.tenants, auth: "dev" });
    const issuer = server.devIssuer;
    if (!issuer) throw new Error("the local server started without its development issuer");
    return {
      name: `Ceph RGW ${settings.endpoint}`,
      url: server.url,
      mintToken: (scopes) => issuer.mint(scopes ? { scopes } : {}),
      objects: {
        putObject: async (bucket, key, body) => {
          const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
          return { versionId: out.VersionId ?? NULL_VERSION_ID, etag: out.ETag ?? "" };
        },
        deleteObject: async (bucket, key, versionId) => {
          const out = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
          return { versionId: out.VersionId, deleteMarker: out.DeleteMarker ?? false };
        },
        createUpload: async (bucket, key) => (await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId!,
      },
      objectLock: {
        createBucket: async (bucket) => void (await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }))),
        retain: async (bucket, key, versionId, until) =>
          void (await s3.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: key, VersionId: versionId, Retention: { Mode: "COMPLIANCE", RetainUntilDate: until } }))),
      },
      failNext: faults.failNext,
      owner,
      other,
      foreign: {
        create: async (bucket) => {
          await otherS3.send(new CreateBucketCommand({ Bucket: bucket }));
        },
        remove: (bucket) => removeBucketWith(otherS3, bucket),
      },
      knownDefects: {
        keyMarkerIncludesKey:
          "Ceph RGW (16.2) lists the key-marker key's own versions when no version-id-marker is given; AWS S3 starts " +
          "after that key (unmerged fix: ceph/ceph pull request 37790)",
        nullDeleteMarkerResume:
          "Ceph RGW (16.2) resumed at key-marker K, version-id-marker null where K's latest entry is a null delete " +
          "marker skips K's older versions: the pages lose entries the single-page listing has",
        concurrentDeleteCrash:
          "Ceph RGW (16.2) dies with a segmentation fault when a DeleteObjects on a versioned bucket races a DeleteBucket " +
          "of it (reproduced with the plain AWS SDK: two clients each listing, batch-deleting, then deleting the bucket); " +
          "two concurrent force deletes do exactly that, so the test would take the gateway down for every later test",
        deleteMarkerOnMarker:
          "Ceph RGW (16.2) adds no delete marker when the key's latest entry already is one (its DeleteObject answers " +
          "without x-amz-delete-marker); AWS S3 stacks another marker",
      },
      bucketPrefix: uniqueBucketPrefix("cr"),
      removeBucket: (bucket) => removeBucketWith(s3, bucket),
      close: async () => {
        await server.close();
        await destroy();
      },
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}
