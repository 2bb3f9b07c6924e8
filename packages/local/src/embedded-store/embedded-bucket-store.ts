import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import {
  bucketNameProblem,
  bucketNameRules,
  NULL_VERSION_ID,
  StoreError,
  type AclListing,
  type AclPolicy,
  type BucketList,
  type BucketStore,
  type BucketVersioning,
  type DeleteMarker,
  type DeleteVersionsResult,
  type ListUploadsRequest,
  type ListObjectsRequest,
  type ListVersionsRequest,
  type ObjectsPage,
  type ObjectVersion,
  type UploadsPage,
  type VersioningStatus,
  type VersionRef,
  type VersionsPage,
} from "@rahcp/core";
import { aclGrants, aclToStore, defaultAcl, type StoreUser } from "./bucket-acl";
import { decodeContinuationToken, encodeContinuationToken } from "./continuation-token";
import { lockDataDir, type DataDirLock } from "./data-dir-lock";
import { DiskLayout, type BucketMeta, type LoadedBucket } from "./disk-layout";
import { KeyedMutex } from "./keyed-mutex";
import { newUploadId, uploadsPage } from "./multipart-uploads";
import { VersionIndex, type VersionRecord, type VersionsStart } from "./version-index";
import { newVersionId, versionIdSequence } from "./version-id";

export interface EmbeddedStoreOptions {
  /** The single local account: owns every bucket created by this store. */
  owner?: StoreUser;
  /** Further local accounts that ACL grants may name (S3 rejects grants to unknown accounts). */
  users?: StoreUser[];
  /**
   * fsync every file and directory change, so that even a power loss keeps every acknowledged
   * write. Off by default: atomic renames already make process crashes safe, and that is what a
   * development store meets.
   */
  durable?: boolean;
}

export interface StoredObject {
  body: Uint8Array;
  versionId: string;
  etag: string;
  size: number;
  lastModified: Date;
}

/** S3 caps every listing page at 1000 entries whatever MaxKeys asks for. */
const MAX_PAGE = 1000;
const MAX_KEY_BYTES = 1024;
export const DEFAULT_OWNER: StoreUser = { id: "rahcp-local", displayName: "rahcp-local" };

interface BucketState {
  meta: BucketMeta;
  creationDate: Date;
  index: VersionIndex;
}

/**
 * The local development backend: S3 bucket semantics (versioning, delete markers, ListObjectVersions
 * and ListObjectsV2 paging, bucket ACLs, S3 error codes) over files in one data dir, with the
 * whole index in memory. Mutations of one bucket run one at a time; reads never wait.
 */
export class EmbeddedBucketStore implements BucketStore {
  readonly description: string;
  private readonly buckets = new Map<string, BucketState>();
  private readonly mutations = new KeyedMutex();
  private readonly users: readonly StoreUser[];
  private nextSeq = 1;
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly layout: DiskLayout,
    private readonly lock: DataDirLock,
    private readonly owner: StoreUser,
    users: readonly StoreUser[],
    loaded: LoadedBucket[],
  ) {
    this.description = `embedded store (${displayPath(layout.root)})`;
    this.users = [owner, ...users];
    for (const { meta, records } of loaded) {
      this.buckets.set(meta.name, { meta, creationDate: new Date(meta.creationDate), index: VersionIndex.build(records) });
      for (const record of records) this.nextSeq = Math.max(this.nextSeq, record.seq + 1);
    }
  }

  /** Opens (creating if needed) the store in `dataDir`, which this process then owns until close(). */
  static async open(dataDir: string, options: EmbeddedStoreOptions = {}): Promise<EmbeddedBucketStore> {
    const root = resolve(dataDir);
    await mkdir(root, { recursive: true });
    const lock = await lockDataDir(root);
    try {
      const layout = new DiskLayout(root, options.durable ?? false);
      await layout.prepare();
      const loaded = await layout.loadBuckets();
      return new EmbeddedBucketStore(layout, lock, options.owner ?? DEFAULT_OWNER, options.users ?? [], loaded);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Waits for pending writes, then releases the data dir. Calls after close fail with ServiceUnavailable. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      await this.mutations.drain();
      await this.lock.release();
    })();
    return this.closing;
  }

  async listBuckets(): Promise<BucketList> {
    this.assertOpen(undefined);
    const names = [...this.buckets.keys()].sort();
    return {
      buckets: names.map((name) => ({ name, creationDate: new Date(this.buckets.get(name)!.creationDate) })),
      owner: { displayName: this.owner.displayName, id: this.owner.id },
    };
  }

  /** CreateBucket; `objectLock` as S3's ObjectLockEnabledForBucket (which turns versioning on, as in RGW). */
  async createBucket(bucket: string, options: { objectLock?: boolean } = {}): Promise<void> {
    this.assertOpen(bucket);
    // The same rules as the API in front of it (BUCKET_NAME_RULES), as HCP or an S3 store would apply its own.
    const problem = bucketNameProblem(bucket, bucketNameRules());
    if (problem) throw new StoreError("InvalidBucketName", bucket, `bucket name ${problem}`);
    await this.mutations.run(bucket, async () => {
      // One local account owns everything, so a taken name is always "owned by you".
      if (this.buckets.has(bucket)) throw new StoreError("BucketAlreadyOwnedByYou", bucket);
      const creationDate = new Date();
      const meta: BucketMeta = {
        name: bucket,
        creationDate: creationDate.toISOString(),
        owner: { id: this.owner.id, displayName: this.owner.displayName },
        versioning: options.objectLock ? "Enabled" : null,
        acl: defaultAcl(this.owner),
        ...(options.objectLock ? { objectLock: true } : {}),
      };
      await this.layout.createBucket(meta);
      this.buckets.set(bucket, { meta, creationDate, index: new VersionIndex() });
    });
  }

  async headBucket(bucket: string): Promise<void> {
    this.permit(this.bucket(bucket), "READ");
  }

  /** DeleteBucket; in-progress multipart uploads (without parts) go with the bucket, as in Ceph RGW. */
  async deleteBucket(bucket: string): Promise<void> {
    await this.mutate(bucket, async (state) => {
      this.permit(state, "WRITE");
      if (state.index.size > 0) throw new StoreError("BucketNotEmpty", bucket);
      await this.layout.deleteBucket(bucket);
      this.buckets.delete(bucket);
    });
  }

  async getVersioning(bucket: string): Promise<BucketVersioning> {
    const { versioning } = this.bucket(bucket).meta;
    // Ceph RGW reports MFA delete as Disabled once versioning has been configured at all.
    return { status: versioning, mfaDelete: versioning === null ? null : "Disabled" };
  }

  async putVersioning(bucket: string, status: VersioningStatus): Promise<void> {
    await this.mutate(bucket, async (state) => {
      if (status !== "Enabled" && status !== "Suspended") throw new StoreError("InvalidArgument", bucket, "unknown versioning status");
      await this.updateMeta(state, { versioning: status });
    });
  }

  async getAcl(bucket: string): Promise<AclListing> {
    return structuredClone(this.bucket(bucket).meta.acl);
  }

  async putAcl(bucket: string, acl: AclPolicy): Promise<void> {
    await this.mutate(bucket, async (state) => {
      const owner = { id: state.meta.owner.id, displayName: state.meta.owner.displayName };
      await this.updateMeta(state, { acl: aclToStore(bucket, owner, [owner, ...this.users], structuredClone(acl)) });
    });
  }

  /** ListObjectVersions: keys in UTF-8 byte order, each key's versions and delete markers newest first, one sequence paged by maxKeys. */
  async listVersions(request: ListVersionsRequest): Promise<VersionsPage> {
    const { bucket } = request;
    const state = this.bucket(bucket);
    this.permit(state, "READ");
    const maxKeys = pageSize(request.maxKeys, bucket);
    const keyMarker = request.keyMarker || undefined;
    const versionIdMarker = request.versionIdMarker || undefined;
    let start: VersionsStart | undefined;
    if (versionIdMarker !== undefined) {
      if (keyMarker === undefined) {
        throw new StoreError("InvalidArgument", bucket, "a version-id marker cannot be specified without a key marker");
      }
      start = { key: keyMarker, beforeSeq: markerSeq(state.index, keyMarker, versionIdMarker, bucket) };
    } else if (keyMarker !== undefined) {
      start = { key: keyMarker };
    }

    const versions: ObjectVersion[] = [];
    const deleteMarkers: DeleteMarker[] = [];
    const listing = state.index.versions(request.prefix ?? "", start);
    let last: VersionRecord | undefined;
    for (let taken = 0; taken < maxKeys; taken++) {
      const next = listing.next();
      if (next.done) break;
      const { record, isLatest } = next.value;
      last = record;
      const common = { key: record.key, versionId: record.versionId, isLatest, lastModified: new Date(record.lastModified) };
      if (record.deleteMarker) deleteMarkers.push(common);
      else versions.push({ ...common, size: record.size, etag: record.etag, storageClass: "STANDARD" });
    }
    const isTruncated = last !== undefined && !listing.next().done;
    return {
      versions,
      deleteMarkers,
      isTruncated,
      nextKeyMarker: isTruncated ? last!.key : null,
      nextVersionIdMarker: isTruncated ? last!.versionId : null,
    };
  }

  /** ListObjectsV2: latest non-deleted version of each key; objects and common prefixes both count toward maxKeys. */
  async listObjects(request: ListObjectsRequest): Promise<ObjectsPage> {
    const { bucket } = request;
    const state = this.bucket(bucket);
    this.permit(state, "READ");
    const maxKeys = pageSize(request.maxKeys, bucket);
    const start = request.continuationToken ? decodeContinuationToken(request.continuationToken, bucket) : undefined;
    const listing = state.index.current(request.prefix ?? "", request.delimiter || undefined, start);
    const page: ObjectsPage = { objects: [], commonPrefixes: [], isTruncated: false, nextContinuationToken: null };
    let lastToken: string | undefined;
    for (let taken = 0; taken < maxKeys; taken++) {
      const next = listing.next();
      if (next.done) break;
      const entry = next.value;
      if (entry.kind === "prefix") {
        page.commonPrefixes.push(entry.prefix);
        lastToken = encodeContinuationToken({ afterPrefix: entry.prefix });
      } else {
        const { key, size, lastModified, etag } = entry.record;
        page.objects.push({ key, size, lastModified: new Date(lastModified), etag, storageClass: "STANDARD" });
        lastToken = encodeContinuationToken({ afterKey: key });
      }
    }
    if (lastToken !== undefined && !listing.next().done) {
      page.isTruncated = true;
      page.nextContinuationToken = lastToken;
    }
    return page;
  }

  /**
   * PutObject: on a versioning-enabled bucket a new version with a fresh id; otherwise the "null"
   * version, replacing the previous one. The ETag is the quoted hex MD5 of the body, as S3's for
   * single-part uploads.
   */
  async putObject(bucket: string, key: string, body: Uint8Array | string): Promise<{ versionId: string; etag: string }> {
    checkKey(key, bucket);
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
    const etag = `"${createHash("md5").update(bytes).digest("hex")}"`;
    return this.mutate(bucket, async (state) => {
      this.permit(state, "WRITE");
      const record = await this.writeVersion(bucket, state, key, { size: bytes.length, etag, body: bytes });
      return { versionId: record.versionId, etag };
    });
  }

  /**
   * DeleteObject. With a version id: removes that version or delete marker for good (a missing
   * version is not an error, as in S3). Without: an unversioned bucket drops the object; an enabled
   * one adds a delete marker as the latest version; a suspended one replaces the "null" version with
   * a "null" delete marker.
   */
  async deleteObject(bucket: string, key: string, versionId?: string): Promise<{ versionId?: string; deleteMarker: boolean }> {
    checkKey(key, bucket);
    return this.mutate(bucket, async (state) => {
      this.permit(state, "WRITE");
      if (versionId) {
        if (versionId !== NULL_VERSION_ID && versionIdSequence(versionId) === undefined) {
          throw new StoreError("InvalidArgument", bucket, "invalid version id");
        }
        const record = state.index.versionsOf(key).find((r) => r.versionId === versionId);
        if (!record) return { versionId, deleteMarker: false };
        if (isRetained(record)) throw new StoreError("AccessDenied", bucket, "the version is under object-lock retention");
        await this.removeVersion(bucket, state, record);
        return { versionId, deleteMarker: record.deleteMarker };
      }
      if (state.meta.versioning === null) {
        const current = nullVersion(state.index, key);
        if (current) await this.removeVersion(bucket, state, current);
        return { deleteMarker: false };
      }
      const marker = await this.writeVersion(bucket, state, key, undefined);
      return { versionId: marker.versionId, deleteMarker: true };
    });
  }

  /** GetObject for seeding checks and tests: undefined when the key, the version, or a current object is missing. */
  async getObject(bucket: string, key: string, versionId?: string): Promise<StoredObject | undefined> {
    const state = this.bucket(bucket);
    const record = versionId
      ? state.index.versionsOf(key).find((r) => r.versionId === versionId)
      : state.index.latest(key);
    if (!record || record.deleteMarker) return undefined;
    const body = await this.layout.readBody(bucket, record.seq);
    if (!body) return undefined;
    const { etag, size, lastModified } = record;
    return { body, versionId: record.versionId, etag, size, lastModified: new Date(lastModified) };
  }

  /** DeleteObjects (quiet): each version or delete marker removed, a retained one refused (AccessDenied), a missing one counted as deleted. */
  async deleteVersions(bucket: string, versions: readonly VersionRef[]): Promise<DeleteVersionsResult> {
    if (versions.length > MAX_PAGE) throw new StoreError("InvalidArgument", bucket, "at most 1000 versions per batch");
    return this.mutate(bucket, async (state) => {
      this.permit(state, "WRITE");
      const result: DeleteVersionsResult = { deleted: 0, failed: [] };
      for (const { key, versionId } of versions) {
        const record = state.index.versionsOf(key).find((r) => r.versionId === versionId);
        if (record && isRetained(record)) {
          result.failed.push({ key, versionId, code: "AccessDenied", message: "AccessDenied" });
          continue;
        }
        if (record) await this.removeVersion(bucket, state, record);
        result.deleted++;
      }
      return result;
    });
  }

  /** PutObjectRetention on a version of an object-lock bucket; compliance mode keeps it until `retainUntil`. */
  async putObjectRetention(bucket: string, key: string, versionId: string, retention: { mode: "COMPLIANCE" | "GOVERNANCE"; retainUntil: Date }): Promise<void> {
    await this.mutate(bucket, async (state) => {
      if (!state.meta.objectLock) throw new StoreError("InvalidArgument", bucket, "the bucket was not created with object lock");
      const record = state.index.versionsOf(key).find((r) => r.versionId === versionId);
      if (!record || record.deleteMarker) throw new StoreError("InvalidArgument", bucket, "no such version");
      const updated = { ...record, retention: { ...retention } };
      await this.layout.writeRecord(bucket, updated, undefined);
      state.index.remove(record);
      state.index.add(updated);
    });
  }

  /** CreateMultipartUpload (no parts: what listing, aborting and force delete need). */
  async createMultipartUpload(bucket: string, key: string): Promise<string> {
    checkKey(key, bucket);
    return this.mutate(bucket, async (state) => {
      this.permit(state, "WRITE");
      const upload = { key, uploadId: newUploadId(), initiated: new Date().toISOString() };
      await this.updateMeta(state, { uploads: [...(state.meta.uploads ?? []), upload] });
      return upload.uploadId;
    });
  }

  async listUploads(request: ListUploadsRequest): Promise<UploadsPage> {
    const state = this.bucket(request.bucket);
    this.permit(state, "READ");
    if (request.uploadIdMarker !== undefined && request.keyMarker === undefined) {
      throw new StoreError("InvalidArgument", request.bucket, "an upload-id marker cannot be specified without a key marker");
    }
    return uploadsPage(state.meta.uploads ?? [], { ...request, max: pageSize(request.maxUploads, request.bucket) });
  }

  async abortUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.mutate(bucket, async (state) => {
      this.permit(state, "WRITE");
      const uploads = state.meta.uploads ?? [];
      const kept = uploads.filter((u) => !(u.key === key && u.uploadId === uploadId));
      if (kept.length !== uploads.length) await this.updateMeta(state, { uploads: kept });
    });
  }

  /** Writes a version (with `content`) or a delete marker (without), then updates the index. */
  private async writeVersion(
    bucket: string,
    state: BucketState,
    key: string,
    content: { size: number; etag: string; body: Uint8Array } | undefined,
  ): Promise<VersionRecord> {
    const seq = this.nextSeq++;
    const versioned = state.meta.versioning === "Enabled";
    const record: VersionRecord = {
      seq,
      key,
      versionId: versioned ? newVersionId(seq) : NULL_VERSION_ID,
      deleteMarker: content === undefined,
      lastModified: new Date(),
      size: content?.size ?? 0,
      etag: content?.etag ?? "",
    };
    await this.layout.writeRecord(bucket, record, content?.body);
    const replaced = versioned ? undefined : nullVersion(state.index, key);
    if (replaced) state.index.remove(replaced);
    state.index.add(record);
    // The new version is committed; should removing the old files fail, open() removes them.
    if (replaced) await this.layout.deleteRecord(bucket, replaced.seq).catch(() => undefined);
    return record;
  }

  private async removeVersion(bucket: string, state: BucketState, record: VersionRecord): Promise<void> {
    await this.layout.deleteRecord(bucket, record.seq);
    state.index.remove(record);
  }

  private async updateMeta(state: BucketState, change: Partial<BucketMeta>): Promise<void> {
    const meta = { ...state.meta, ...change };
    await this.layout.writeBucketMeta(meta);
    state.meta = meta;
  }

  /**
   * Runs a mutation of an existing bucket after the bucket's earlier mutations. Accepted before
   * close() means completed: close() waits for it, so only the entry checks whether the store is open.
   */
  private mutate<T>(bucket: string, change: (state: BucketState) => Promise<T>): Promise<T> {
    this.assertOpen(bucket);
    return this.mutations.run(bucket, () => change(this.existing(bucket)));
  }

  /**
   * Bucket ACLs bind the owner too, as in Ceph RGW: listing and HEAD need READ, object writes and
   * bucket deletion WRITE (versioning and the ACL itself stay the owner's).
   */
  private permit(state: BucketState, permission: "READ" | "WRITE"): void {
    if (!aclGrants(state.meta.acl, state.meta.owner.id, permission)) {
      throw new StoreError("AccessDenied", state.meta.name, `the bucket ACL does not grant ${permission}`);
    }
  }

  private bucket(bucket: string): BucketState {
    this.assertOpen(bucket);
    return this.existing(bucket);
  }

  private existing(bucket: string): BucketState {
    const state = this.buckets.get(bucket);
    if (!state) throw new StoreError("NoSuchBucket", bucket);
    return state;
  }

  private assertOpen(bucket: string | undefined): void {
    if (this.closed) throw new StoreError("ServiceUnavailable", bucket, "the embedded store is closed");
  }
}

/** Under retention until its date (governance mode could be bypassed in S3; the API never asks to). */
function isRetained(record: VersionRecord, now = Date.now()): boolean {
  return record.retention !== undefined && record.retention.retainUntil.getTime() > now;
}

function nullVersion(index: VersionIndex, key: string): VersionRecord | undefined {
  return index.versionsOf(key).find((r) => r.versionId === NULL_VERSION_ID);
}

/** Where a (key, version id) marker sits among the key's versions, as the sequence to list below. */
function markerSeq(index: VersionIndex, key: string, versionIdMarker: string, bucket: string): number {
  if (versionIdMarker === NULL_VERSION_ID) {
    // Without a null version of the key there is nothing to resume after: list the key's versions again.
    return nullVersion(index, key)?.seq ?? Number.POSITIVE_INFINITY;
  }
  const seq = versionIdSequence(versionIdMarker);
  if (seq === undefined) throw new StoreError("InvalidArgument", bucket, "invalid version id marker");
  return seq;
}

function pageSize(maxKeys: number, bucket: string): number {
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new StoreError("InvalidArgument", bucket, "max-keys must be a non-negative integer");
  return Math.min(maxKeys, MAX_PAGE);
}

function checkKey(key: string, bucket: string): void {
  if (typeof key !== "string" || key.length === 0) throw new StoreError("InvalidArgument", bucket, "the object key must not be empty");
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) throw new StoreError("InvalidArgument", bucket, "the object key is longer than 1024 bytes");
}

function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown && !shown.startsWith("..") && !isAbsolute(shown) ? shown : path;
}
