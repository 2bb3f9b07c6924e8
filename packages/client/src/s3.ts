import { NotFoundError } from "./errors";
import { compareKeys, followPages } from "./pagination";
import type { TypedApi } from "./typed-api";
import type {
  AclResponse,
  BucketMutationResponse,
  BucketSummary,
  BucketVersioningResponse,
  DeleteMarker,
  ListBucketsResponse,
  ListObjectsResponse,
  ListVersionsResponse,
  ObjectSummary,
  ObjectVersion,
  SetAclRequest,
  VersioningMutationResponse,
  VersioningStatus,
} from "./types";

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

/** One entry of a version listing: an object version or a delete marker, told apart by `kind`. */
export type VersionEntry = (ObjectVersion & { kind: "version" }) | (DeleteMarker & { kind: "delete_marker" });

interface VersionCursor {
  keyMarker: string;
  versionIdMarker: string | undefined;
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

  /** Deletes an empty bucket; ConflictError when objects, versions or delete markers remain. */
  deleteBucket(bucket: string, options: CallOptions = {}): Promise<BucketMutationResponse> {
    return this.api.call("delete", "/api/v1/buckets/{bucket}", { path: { bucket }, signal: options.signal });
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
