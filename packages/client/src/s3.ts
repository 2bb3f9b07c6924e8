import { ConfigurationError, NotFoundError } from "./errors.js";
import { compareKeys, followPages } from "./pagination.js";
import type { TypedApi } from "./typed-api.js";
import type {
  AclResponse,
  BucketMutationResponse,
  BucketSummary,
  BucketVersioningResponse,
  DeleteBucketResponse,
  DeleteMarker,
  ForceDeleteProgress,
  ListBucketsResponse,
  ListObjectsResponse,
  ListUploadsResponse,
  ListVersionsResponse,
  MultipartUploadSummary,
  ObjectSummary,
  ObjectVersion,
  SetAclRequest,
  VersioningMutationResponse,
  VersioningStatus,
} from "./types.js";

export interface CallOptions {
  /** Cancels the call (and any retry wait). */
  signal?: AbortSignal;
}

export interface ListBucketsOptions extends CallOptions {
  /** Only buckets whose names begin with this prefix. */
  prefix?: string;
  /** Page size, 1–1000 (server default 1000). */
  maxBuckets?: number;
  /** `next_continuation_token` of the previous page. */
  continuationToken?: string;
}

export interface ListObjectsOptions extends CallOptions {
  /** Only keys that begin with this prefix. */
  prefix?: string;
  /** Roll keys up to this delimiter into `common_prefixes` (usually "/"). */
  delimiter?: string;
  /** Page size, 1–1000 (server default 1000). */
  maxKeys?: number;
  /** `next_continuation_token` of the previous page. */
  continuationToken?: string;
}

export interface ListVersionsOptions extends CallOptions {
  prefix?: string;
  /** Page size, 1–1000 (server default 1000). */
  maxKeys?: number;
  /** `next_key_marker` of the previous page. */
  keyMarker?: string;
  /** `next_version_id_marker` of the previous page. */
  versionIdMarker?: string;
}

export interface ListUploadsOptions extends CallOptions {
  /** Only uploads whose keys begin with this prefix. */
  prefix?: string;
  /** Page size, 1–1000 (server default 1000). */
  maxUploads?: number;
  /** `next_key_marker` of the previous page. */
  keyMarker?: string;
  /** With `keyMarker`: `next_upload_id_marker` of the previous page. */
  uploadIdMarker?: string;
}

export interface DeleteBucketOptions extends CallOptions {
  /**
   * Empty the bucket first: every object version, delete marker and in-progress multipart upload,
   * then delete it. Needs the admin scope (and admin on the bucket under an access policy). The API
   * answers 202 while a request's time runs out before the bucket is empty; the call repeats the
   * request until the API answers 200, or rejects with the first error (e.g. ConflictError naming
   * versions under retention; the rest is deleted then).
   */
  force?: boolean;
  /**
   * With `force`: called after each 202 with the API's answer (`deleted` counts that request) and
   * the running totals. Awaited before the next request; an error thrown here stops the call with
   * it. Cancel with `signal`: the bucket keeps what is left, and a later force delete continues.
   */
  onProgress?: (progress: ForceDeleteProgress, total: ForceDeleteTotals) => void | Promise<void>;
}

/** Running totals of a force delete. */
export interface ForceDeleteTotals {
  /** Object versions and delete markers removed by the requests so far. */
  deleted: number;
  /** Requests answered so far. */
  requests: number;
}

/** One entry of a version listing: an object version or a delete marker, told apart by `kind`. */
export type VersionEntry = (ObjectVersion & { kind: "version" }) | (DeleteMarker & { kind: "delete_marker" });

interface VersionCursor {
  keyMarker: string;
  versionIdMarker: string | undefined;
}

interface UploadCursor {
  keyMarker: string;
  uploadIdMarker: string | undefined;
}

/** Bucket operations of the API (`/api/v1/buckets`). */
export class S3Api {
  constructor(private readonly api: TypedApi) {}

  /** One page of the buckets the caller may read (all of them, up to 1000), with their owner. */
  listBuckets(options: ListBucketsOptions = {}): Promise<ListBucketsResponse> {
    return this.api.call("get", "/api/v1/buckets", {
      query: { prefix: options.prefix, max_buckets: options.maxBuckets, continuation_token: options.continuationToken },
      signal: options.signal,
    });
  }

  /** Every page of the bucket listing, starting at `continuationToken` when given. */
  listBucketsPages(options: ListBucketsOptions = {}): AsyncGenerator<ListBucketsResponse, void, undefined> {
    return followPages<ListBucketsResponse, string>(
      (continuationToken) => this.listBuckets({ ...options, ...(continuationToken === undefined ? {} : { continuationToken }) }),
      (page) => page.next_continuation_token ?? undefined,
      (a, b) => a === b,
      options.continuationToken,
    );
  }

  /** Every bucket the caller may read, across all pages. */
  async *iterBuckets(options: ListBucketsOptions = {}): AsyncGenerator<BucketSummary, void, undefined> {
    for await (const page of this.listBucketsPages(options)) yield* page.buckets;
  }

  /** Creates a bucket; ConflictError when the name is taken. Never retried (POST). */
  createBucket(bucket: string, options: CallOptions = {}): Promise<BucketMutationResponse> {
    return this.api.call("post", "/api/v1/buckets", { body: { bucket }, signal: options.signal });
  }

  /** True when the bucket exists, false on 404; other failures (401, 403, 5xx) still throw. */
  async bucketExists(bucket: string, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.api.call("head", "/api/v1/buckets/{bucket}", { path: { bucket }, signal: options.signal });
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /**
   * Deletes an empty bucket; ConflictError when objects, versions or delete markers remain. With
   * `force: true` it empties the bucket first, over as many requests as that takes; `deleted` of
   * the result then counts the versions and delete markers removed by all of them.
   */
  async deleteBucket(bucket: string, options: DeleteBucketOptions = {}): Promise<DeleteBucketResponse> {
    const path = { bucket };
    // As in the Python SDK: progress without force would silently never be reported.
    if (!options.force && options.onProgress) throw new ConfigurationError("onProgress needs force: true (a plain delete answers once)");
    if (!options.force) return this.api.call("delete", "/api/v1/buckets/{bucket}", { path, signal: options.signal });
    const total: ForceDeleteTotals = { deleted: 0, requests: 0 };
    for (;;) {
      // The bucket itself is the state on the server: each request continues where the last one stopped.
      const reply = await this.api.reply("delete", "/api/v1/buckets/{bucket}", { path, query: { force: "true" }, signal: options.signal });
      total.requests++;
      total.deleted += reply.body.deleted ?? 0;
      if (reply.status !== 202) return { ...reply.body, deleted: total.deleted };
      await options.onProgress?.(reply.body, { ...total });
    }
  }

  /** `status` is null when versioning was never enabled. */
  getVersioning(bucket: string, options: CallOptions = {}): Promise<BucketVersioningResponse> {
    return this.api.call("get", "/api/v1/buckets/{bucket}/versioning", { path: { bucket }, signal: options.signal });
  }

  setVersioning(bucket: string, status: VersioningStatus, options: CallOptions = {}): Promise<VersioningMutationResponse> {
    return this.api.call("put", "/api/v1/buckets/{bucket}/versioning", { path: { bucket }, body: { status }, signal: options.signal });
  }

  /** One page of current objects (ListObjectsV2). */
  listObjects(bucket: string, options: ListObjectsOptions = {}): Promise<ListObjectsResponse> {
    return this.api.call("get", "/api/v1/buckets/{bucket}/objects", {
      path: { bucket },
      query: {
        prefix: options.prefix,
        delimiter: options.delimiter,
        max_keys: options.maxKeys,
        continuation_token: options.continuationToken,
      },
      signal: options.signal,
    });
  }

  /** Every page of the object listing, starting at `continuationToken` when given. */
  listObjectsPages(bucket: string, options: ListObjectsOptions = {}): AsyncGenerator<ListObjectsResponse, void, undefined> {
    return followPages<ListObjectsResponse, string>(
      (continuationToken) => this.listObjects(bucket, { ...options, ...(continuationToken === undefined ? {} : { continuationToken }) }),
      (page) => page.next_continuation_token ?? undefined,
      (a, b) => a === b,
      options.continuationToken,
    );
  }

  /** Every object across all pages (common prefixes are on the pages: use listObjectsPages for them). */
  async *iterObjects(bucket: string, options: ListObjectsOptions = {}): AsyncGenerator<ObjectSummary, void, undefined> {
    for await (const page of this.listObjectsPages(bucket, options)) yield* page.objects;
  }

  /** One page of object versions and delete markers. */
  listVersions(bucket: string, options: ListVersionsOptions = {}): Promise<ListVersionsResponse> {
    return this.api.call("get", "/api/v1/buckets/{bucket}/versions", {
      path: { bucket },
      query: {
        prefix: options.prefix,
        max_keys: options.maxKeys,
        key_marker: options.keyMarker,
        version_id_marker: options.versionIdMarker,
      },
      signal: options.signal,
    });
  }

  /** Every page of the version listing, starting at the given markers when given. */
  listVersionsPages(bucket: string, options: ListVersionsOptions = {}): AsyncGenerator<ListVersionsResponse, void, undefined> {
    const first = options.keyMarker === undefined ? undefined : { keyMarker: options.keyMarker, versionIdMarker: options.versionIdMarker };
    return followPages<ListVersionsResponse, VersionCursor>(
      (cursor) => this.listVersions(bucket, { ...options, ...(cursor ?? {}) }),
      (page) =>
        page.next_key_marker === null ? undefined : { keyMarker: page.next_key_marker, versionIdMarker: page.next_version_id_marker ?? undefined },
      (a, b) => a.keyMarker === b.keyMarker && a.versionIdMarker === b.versionIdMarker,
      first,
    );
  }

  /** Every version and delete marker across all pages, in S3 order (by key, newest first). */
  async *iterVersions(bucket: string, options: ListVersionsOptions = {}): AsyncGenerator<VersionEntry, void, undefined> {
    for await (const page of this.listVersionsPages(bucket, options)) yield* versionEntries(page);
  }

  /** One page of the bucket's in-progress multipart uploads, by key then upload id. */
  listUploads(bucket: string, options: ListUploadsOptions = {}): Promise<ListUploadsResponse> {
    return this.api.call("get", "/api/v1/buckets/{bucket}/uploads", {
      path: { bucket },
      query: {
        prefix: options.prefix,
        max_uploads: options.maxUploads,
        key_marker: options.keyMarker,
        upload_id_marker: options.uploadIdMarker,
      },
      signal: options.signal,
    });
  }

  /** Every page of the uploads listing, starting at the given markers when given. */
  listUploadsPages(bucket: string, options: ListUploadsOptions = {}): AsyncGenerator<ListUploadsResponse, void, undefined> {
    const first = options.keyMarker === undefined ? undefined : { keyMarker: options.keyMarker, uploadIdMarker: options.uploadIdMarker };
    return followPages<ListUploadsResponse, UploadCursor>(
      (cursor) => this.listUploads(bucket, { ...options, ...(cursor ?? {}) }),
      (page) =>
        page.next_key_marker === null ? undefined : { keyMarker: page.next_key_marker, uploadIdMarker: page.next_upload_id_marker ?? undefined },
      (a, b) => a.keyMarker === b.keyMarker && a.uploadIdMarker === b.uploadIdMarker,
      first,
    );
  }

  /** Every in-progress multipart upload across all pages. */
  async *iterUploads(bucket: string, options: ListUploadsOptions = {}): AsyncGenerator<MultipartUploadSummary, void, undefined> {
    for await (const page of this.listUploadsPages(bucket, options)) yield* page.uploads;
  }

  /** The bucket's owner and grants. */
  getAcl(bucket: string, options: CallOptions = {}): Promise<AclResponse> {
    return this.api.call("get", "/api/v1/buckets/{bucket}/acl", { path: { bucket }, signal: options.signal });
  }

  /**
   * Replaces the bucket's whole access control policy (needs the admin scope): an `AclPolicy`
   * (`{Owner, Grants}`) or what getAcl answered (`{owner, grants}`), edited or not.
   */
  setAcl(bucket: string, policy: SetAclRequest, options: CallOptions = {}): Promise<BucketMutationResponse> {
    return this.api.call("put", "/api/v1/buckets/{bucket}/acl", { path: { bucket }, body: policy, signal: options.signal });
  }
}

/** Versions and delete markers of one page merged back into one list, by key then newest first. */
export function versionEntries(page: ListVersionsResponse): VersionEntry[] {
  const entries: VersionEntry[] = [
    ...page.versions.map((v) => ({ ...v, kind: "version" as const })),
    ...page.delete_markers.map((m) => ({ ...m, kind: "delete_marker" as const })),
  ];
  // The latest entry first (writes in the same millisecond tie on time), then newest first; the sort
  // is stable, so remaining ties keep the server's order.
  return entries.sort(
    (a, b) => compareKeys(a.key, b.key) || Number(b.is_latest) - Number(a.is_latest) || Date.parse(b.last_modified) - Date.parse(a.last_modified),
  );
}
