import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketAclCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  type S3Client,
  type Grant as S3Grant,
} from "@aws-sdk/client-s3";
import { isAclPermission } from "../schemas/acl";
import type {
  AclListing,
  AclPolicy,
  BucketStore,
  DeleteVersionsResult,
  ListUploadsRequest,
  OperationOptions,
  UploadsPage,
  VersionRef,
  Grant,
  Grantee,
  ListObjectsRequest,
  ListVersionsRequest,
  ObjectsPage,
  VersionsPage,
  VersioningStatus,
} from "./bucket-store";
import { NULL_VERSION_ID } from "./bucket-store";
import { StoreError } from "./store-error";
import { toStoreError } from "./s3-errors";

/** BucketStore over any S3-compatible endpoint (HCP, Ceph RGW, MinIO, AWS). */
export class S3BucketStore implements BucketStore {
  readonly description: string;

  constructor(
    private readonly client: S3Client,
    endpoint: string | undefined,
    /** Whole-call budget (retries included); undefined means the SDK's own timeouts only. */
    private readonly budgetMs?: number,
  ) {
    this.description = `S3 ${endpoint ?? "(AWS default endpoint)"}`;
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }

  /**
   * Runs one API operation, however many S3 calls it makes, within the budget: whatever is in flight
   * is aborted once it is spent. One controller and one timer, cleared on return (AbortSignal.timeout
   * would leave a 20 s timer behind for every request).
   */
  private async withinBudget<T>(
    bucket: string | undefined,
    operation: (abortSignal?: AbortSignal) => Promise<T>,
    options: OperationOptions = {},
  ): Promise<T> {
    const controller = this.budgetMs ? new AbortController() : undefined;
    const timer = controller && setTimeout(() => controller.abort(new DOMException("S3 budget spent", "TimeoutError")), this.budgetMs);
    const signals = [controller?.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    try {
      return await operation(signals.length > 1 ? AbortSignal.any(signals) : signals[0]);
    } catch (error) {
      throw error instanceof StoreError ? error : toStoreError(error, bucket);
    } finally {
      clearTimeout(timer);
    }
  }

  async listBuckets() {
    const out = await this.withinBudget(undefined, (abortSignal) => this.client.send(new ListBucketsCommand({}), { abortSignal }));
    return {
      buckets: (out.Buckets ?? []).map((b) => ({ name: b.Name ?? "", creationDate: b.CreationDate ?? null })),
      owner: out.Owner ? { displayName: out.Owner.DisplayName ?? null, id: out.Owner.ID ?? null } : null,
    };
  }

  async createBucket(bucket: string) {
    await this.withinBudget(bucket, async (abortSignal) => {
      // S3 answers 200 to re-creating a bucket you own in us-east-1 (and RGW/HCP may too), so the API's
      // "409 if it exists" needs an explicit look first; CreateBucket still settles races and foreign owners.
      const exists = await this.client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }).then(
        () => true,
        (error: unknown) => {
          const storeError = toStoreError(error, bucket);
          // 403 may be a foreign bucket or our own missing permission: CreateBucket tells which.
          if (storeError.code === "NoSuchBucket" || storeError.code === "AccessDenied") return false;
          throw storeError;
        },
      );
      if (exists) throw new StoreError("BucketAlreadyOwnedByYou", bucket);
      await this.client.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal }).catch((error: unknown) => {
        if (carriedOutBefore(error, bucket, "BucketAlreadyOwnedByYou")) return;
        throw error;
      });
    });
  }

  async headBucket(bucket: string) {
    await this.withinBudget(bucket, (abortSignal) => this.client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }));
  }

  async deleteBucket(bucket: string, options?: OperationOptions) {
    await this.withinBudget(
      bucket,
      (abortSignal) =>
        this.client.send(new DeleteBucketCommand({ Bucket: bucket }), { abortSignal }).catch((error: unknown) => {
          if (carriedOutBefore(error, bucket, "NoSuchBucket")) return;
          throw error;
        }),
      options,
    );
  }

  async getVersioning(bucket: string) {
    const out = await this.withinBudget(bucket, (abortSignal) =>
      this.client.send(new GetBucketVersioningCommand({ Bucket: bucket }), { abortSignal }),
    );
    const status = out.Status === "Enabled" || out.Status === "Suspended" ? out.Status : null;
    const mfaDelete = out.MFADelete === "Enabled" || out.MFADelete === "Disabled" ? out.MFADelete : null;
    return { status, mfaDelete };
  }

  async putVersioning(bucket: string, status: VersioningStatus) {
    await this.withinBudget(bucket, (abortSignal) =>
      this.client.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }),
        { abortSignal },
      ),
    );
  }

  async listVersions(request: ListVersionsRequest, options?: OperationOptions): Promise<VersionsPage> {
    const out = await this.withinBudget(
      request.bucket,
      (abortSignal) =>
        this.client.send(
          new ListObjectVersionsCommand({
            Bucket: request.bucket,
            Prefix: request.prefix,
            MaxKeys: request.maxKeys,
            KeyMarker: request.keyMarker,
            VersionIdMarker: request.versionIdMarker,
          }),
          { abortSignal },
        ),
      options,
    );
    return {
      versions: (out.Versions ?? []).map((v) => ({
        key: v.Key ?? "",
        versionId: v.VersionId ?? NULL_VERSION_ID,
        isLatest: v.IsLatest ?? false,
        lastModified: v.LastModified ?? new Date(0),
        size: v.Size ?? 0,
        etag: v.ETag ?? "",
        storageClass: v.StorageClass ?? "STANDARD",
      })),
      deleteMarkers: (out.DeleteMarkers ?? []).map((m) => ({
        key: m.Key ?? "",
        versionId: m.VersionId ?? NULL_VERSION_ID,
        isLatest: m.IsLatest ?? false,
        lastModified: m.LastModified ?? new Date(0),
      })),
      isTruncated: out.IsTruncated ?? false,
      nextKeyMarker: out.IsTruncated ? (out.NextKeyMarker ?? null) : null,
      nextVersionIdMarker: out.IsTruncated ? (out.NextVersionIdMarker ?? null) : null,
    };
  }

  async listObjects(request: ListObjectsRequest): Promise<ObjectsPage> {
    const out = await this.withinBudget(request.bucket, (abortSignal) =>
      this.client.send(
        new ListObjectsV2Command({
          Bucket: request.bucket,
          Prefix: request.prefix,
          Delimiter: request.delimiter,
          MaxKeys: request.maxKeys,
          ContinuationToken: request.continuationToken,
        }),
        { abortSignal },
      ),
    );
    return {
      objects: (out.Contents ?? []).map((o) => ({
        key: o.Key ?? "",
        size: o.Size ?? 0,
        lastModified: o.LastModified ?? new Date(0),
        etag: o.ETag ?? "",
        storageClass: o.StorageClass ?? "STANDARD",
      })),
      commonPrefixes: (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix === undefined ? [] : [p.Prefix])),
      isTruncated: out.IsTruncated ?? false,
      nextContinuationToken: out.IsTruncated ? (out.NextContinuationToken ?? null) : null,
    };
  }

  async getAcl(bucket: string): Promise<AclListing> {
    const out = await this.withinBudget(bucket, (abortSignal) =>
      this.client.send(new GetBucketAclCommand({ Bucket: bucket }), { abortSignal }),
    );
    // S3 always names the owner; without its ID the ACL could not be set back (set-ACL needs it).
    if (!out.Owner?.ID) throw new StoreError("BackendError", bucket, "GetBucketAcl named no owner ID");
    return {
      owner: stripUndefined({ ID: out.Owner.ID, DisplayName: out.Owner.DisplayName }),
      grants: (out.Grants ?? []).flatMap(fromS3Grant),
    };
  }

  async putAcl(bucket: string, acl: AclPolicy) {
    await this.withinBudget(bucket, (abortSignal) =>
      this.client.send(
        new PutBucketAclCommand({ Bucket: bucket, AccessControlPolicy: { Owner: acl.Owner, Grants: acl.Grants } }),
        { abortSignal },
      ),
    );
  }

  async listUploads(request: ListUploadsRequest, options?: OperationOptions): Promise<UploadsPage> {
    const out = await this.withinBudget(
      request.bucket,
      (abortSignal) =>
        this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: request.bucket,
            Prefix: request.prefix,
            MaxUploads: request.maxUploads,
            KeyMarker: request.keyMarker,
            UploadIdMarker: request.uploadIdMarker,
          }),
          { abortSignal },
        ),
      options,
    );
    return {
      uploads: (out.Uploads ?? []).map((u) => ({
        key: u.Key ?? "",
        uploadId: u.UploadId ?? "",
        initiated: u.Initiated ?? new Date(0),
        storageClass: u.StorageClass ?? "STANDARD",
      })),
      isTruncated: out.IsTruncated ?? false,
      nextKeyMarker: out.IsTruncated ? (out.NextKeyMarker ?? null) : null,
      nextUploadIdMarker: out.IsTruncated ? (out.NextUploadIdMarker ?? null) : null,
    };
  }

  /**
   * DeleteObjects in quiet mode: only refusals come back. HCP needs the Content-MD5 the client adds
   * to every body (s3-client.ts); a version that is already gone counts as deleted, as in S3.
   */
  async deleteVersions(bucket: string, versions: readonly VersionRef[], options?: OperationOptions): Promise<DeleteVersionsResult> {
    if (versions.length === 0) return { deleted: 0, failed: [] };
    if (versions.length > 1000) throw new StoreError("InvalidArgument", bucket, "at most 1000 versions per batch");
    const out = await this.withinBudget(
      bucket,
      (abortSignal) =>
        this.client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Quiet: true, Objects: versions.map((v) => ({ Key: v.key, VersionId: v.versionId })) },
          }),
          { abortSignal },
        ),
      options,
    );
    const failed = (out.Errors ?? []).map((e) => ({
      key: e.Key ?? "",
      versionId: e.VersionId ?? NULL_VERSION_ID,
      code: e.Code ?? "Unknown",
      message: e.Message ?? "",
    }));
    return { deleted: versions.length - failed.length, failed };
  }

  async abortUpload(bucket: string, key: string, uploadId: string, options?: OperationOptions): Promise<void> {
    await this.withinBudget(
      bucket,
      (abortSignal) =>
        this.client
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal })
          .then(
            () => undefined,
            (error: unknown) => {
              // Already aborted or completed, by another caller or a concurrent force delete: the wanted end state.
              if ((error as { name?: string }).name === "NoSuchUpload") return;
              throw error;
            },
          ),
      options,
    );
  }
}

/**
 * True when the SDK's final answer is `code` on a retry: an earlier attempt timed out or broke in
 * transit after the backend may have carried it out (HCP/RGW under load), so a retried delete finds
 * no bucket and a retried create finds its own. The client asked for that end state: success.
 */
function carriedOutBefore(error: unknown, bucket: string, code: "NoSuchBucket" | "BucketAlreadyOwnedByYou"): boolean {
  const attempts = (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
  return attempts > 1 && toStoreError(error, bucket).code === code;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/**
 * Each grantee with its identifying field only (the API's strict Grantee schema), so the ACL can be
 * set back as read. A grant S3's model cannot carry (no type, permission or identifying field) is left out.
 */
function fromS3Grant(grant: S3Grant): Grant[] {
  const g = grant.Grantee;
  const permission = grant.Permission;
  if (!g || !isAclPermission(permission)) return [];
  const named = (grantee: Grantee): Grant[] => [{ Grantee: grantee, Permission: permission }];
  const displayName = g.DisplayName ? { DisplayName: g.DisplayName } : {};
  switch (g.Type) {
    case "CanonicalUser":
      return g.ID ? named({ Type: "CanonicalUser", ID: g.ID, ...displayName }) : [];
    case "Group":
      return g.URI ? named({ Type: "Group", URI: g.URI }) : [];
    case "AmazonCustomerByEmail":
      return g.EmailAddress ? named({ Type: "AmazonCustomerByEmail", EmailAddress: g.EmailAddress, ...displayName }) : [];
    default:
      return [];
  }
}
