import type { AclListing, AclPolicy } from "../schemas/acl";

/**
 * The storage operations the API needs, independent of how they are served:
 * the S3 adapter (HCP, Ceph RGW, MinIO, AWS) and the local embedded store both implement it.
 */
export interface BucketSummary {
  name: string;
  creationDate: Date | null;
}

export interface BucketList {
  buckets: BucketSummary[];
  owner: { displayName: string | null; id: string | null } | null;
}

export type VersioningStatus = "Enabled" | "Suspended";

export interface BucketVersioning {
  status: VersioningStatus | null;
  mfaDelete: "Enabled" | "Disabled" | null;
}

export interface ListVersionsRequest {
  bucket: string;
  prefix?: string | undefined;
  maxKeys: number;
  keyMarker?: string | undefined;
  versionIdMarker?: string | undefined;
}

export interface ObjectVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  lastModified: Date;
  size: number;
  etag: string;
  storageClass: string;
}

export interface DeleteMarker {
  key: string;
  versionId: string;
  isLatest: boolean;
  lastModified: Date;
}

export interface VersionsPage {
  versions: ObjectVersion[];
  deleteMarkers: DeleteMarker[];
  isTruncated: boolean;
  nextKeyMarker: string | null;
  nextVersionIdMarker: string | null;
}

export interface ListObjectsRequest {
  bucket: string;
  prefix?: string | undefined;
  delimiter?: string | undefined;
  maxKeys: number;
  continuationToken?: string | undefined;
}

export interface ObjectSummary {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
  storageClass: string;
}

export interface ObjectsPage {
  objects: ObjectSummary[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken: string | null;
}

export interface ListUploadsRequest {
  bucket: string;
  prefix?: string | undefined;
  maxUploads: number;
  keyMarker?: string | undefined;
  uploadIdMarker?: string | undefined;
}

/** An in-progress multipart upload. */
export interface MultipartUpload {
  key: string;
  uploadId: string;
  initiated: Date;
  storageClass: string;
}

export interface UploadsPage {
  uploads: MultipartUpload[];
  isTruncated: boolean;
  nextKeyMarker: string | null;
  nextUploadIdMarker: string | null;
}

/** The version id S3 gives objects (and delete markers) written while versioning is off or suspended. */
export const NULL_VERSION_ID = "null";

/** One object version or delete marker, by key and version id. */
export interface VersionRef {
  key: string;
  versionId: string;
}

export interface DeleteVersionsResult {
  /** Versions and delete markers removed (or already gone). */
  deleted: number;
  /** Those the backend refused, with S3's error code (AccessDenied for retention or a legal hold). */
  failed: (VersionRef & { code: string; message: string })[];
}

/** Lets a caller with its own deadline (force delete) abort an operation early. */
export interface OperationOptions {
  signal?: AbortSignal | undefined;
}

/**
 * ACLs are the API's own types (schemas/acl.ts): the store reads an ACL in get-ACL's shape
 * (AclListing, `{owner, grants}`) and sets one in S3's (AclPolicy, `{Owner, Grants}`), so what
 * it reads can be set back as it is. Each grantee carries only its identifying field.
 */
export type { AclListing, AclPermission, AclPolicy, Grant, Grantee, Owner } from "../schemas/acl";

export interface BucketStore {
  /** Human name of the backend for logs and the local banner, e.g. "s3 http://127.0.0.1:7480". */
  readonly description: string;
  listBuckets(): Promise<BucketList>;
  /** Fails with BucketAlreadyOwnedByYou / BucketAlreadyExists when the name is taken. */
  createBucket(bucket: string): Promise<void>;
  /** Fails with NoSuchBucket when missing. */
  headBucket(bucket: string): Promise<void>;
  /** Fails with BucketNotEmpty when any object or version remains. */
  deleteBucket(bucket: string, options?: OperationOptions): Promise<void>;
  getVersioning(bucket: string): Promise<BucketVersioning>;
  putVersioning(bucket: string, status: VersioningStatus): Promise<void>;
  listVersions(request: ListVersionsRequest, options?: OperationOptions): Promise<VersionsPage>;
  /** ListObjectsV2 semantics: latest non-deleted objects; keys and common prefixes count toward maxKeys. */
  listObjects(request: ListObjectsRequest): Promise<ObjectsPage>;
  /** The owner always has an ID (a backend that names none fails with BackendError). */
  getAcl(bucket: string): Promise<AclListing>;
  putAcl(bucket: string, acl: AclPolicy): Promise<void>;
  /** ListMultipartUploads: in-progress uploads by key, then upload id. */
  listUploads(request: ListUploadsRequest, options?: OperationOptions): Promise<UploadsPage>;
  /** DeleteObjects (quiet) of at most 1000 versions; refusals are reported per version, not thrown. */
  deleteVersions(bucket: string, versions: readonly VersionRef[], options?: OperationOptions): Promise<DeleteVersionsResult>;
  /** AbortMultipartUpload; an upload that is already gone is not an error. */
  abortUpload(bucket: string, key: string, uploadId: string, options?: OperationOptions): Promise<void>;
}
