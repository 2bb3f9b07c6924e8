import type { FaultableOperation, FaultPlan } from "./fault-injection";

/**
 * What the contract suite needs from a storage backend: a running local server in front of it, a
 * way to mint tokens, direct object writes (as another S3 client would make them), and facts about
 * the accounts involved. One factory per backend; the suite itself never knows which one it drives.
 */

export interface Account {
  /** Canonical user id, as S3 reports it in ListBuckets and ACLs. */
  id: string;
  displayName: string;
}

export interface PutResult {
  /** "null" when the bucket is unversioned or versioning is suspended. */
  versionId: string;
  /** Quoted hex MD5, as S3 reports single-part uploads. */
  etag: string;
}

export interface DeleteResult {
  /** The delete marker's id when one was created, the removed version's id when one was given. */
  versionId: string | undefined;
  deleteMarker: boolean;
}

/** Object writes that bypass the API (it has none), as any S3 client of the bucket would make them. */
export interface DirectObjects {
  putObject(bucket: string, key: string, body: string): Promise<PutResult>;
  deleteObject(bucket: string, key: string, versionId?: string): Promise<DeleteResult>;
  /** CreateMultipartUpload (no parts): its upload id. */
  createUpload(bucket: string, key: string): Promise<string>;
}

/** Buckets with S3 object lock, made directly (the API creates plain buckets), and retention on a version. */
export interface ObjectLock {
  createBucket(bucket: string): Promise<void>;
  /** Compliance-mode retention: the version cannot be deleted before `until`. */
  retain(bucket: string, key: string, versionId: string, until: Date): Promise<void>;
}

/** Buckets owned by another account of the same backend, where the backend can express that. */
export interface ForeignBuckets {
  create(bucket: string): Promise<void>;
  remove(bucket: string): Promise<void>;
}

/**
 * Behaviours where a real S3 server deviates from S3 itself (AWS) and the embedded store follows S3.
 * A test that meets a listed defect is skipped on that backend with the defect's description, never
 * passed silently; every other difference between backends fails the suite.
 */
export type KnownDefect =
  /** ListObjectVersions with key-marker but no version-id-marker also lists the marker key's versions. */
  | "keyMarkerIncludesKey"
  /** ListObjectVersions resumed at a "null" delete marker skips the older versions of that key. */
  | "nullDeleteMarkerResume"
  /** DeleteObject on a key whose latest entry is a delete marker adds no further marker. */
  | "deleteMarkerOnMarker"
  /** DeleteObjects racing a DeleteBucket of the same versioned bucket crashes the gateway. */
  | "concurrentDeleteCrash";

export interface ContractBackend {
  /** Shown in test names, e.g. "embedded store" or "Ceph RGW http://127.0.0.1:7480". */
  name: string;
  /** Base URL of the local server that serves the API in front of this backend. */
  url: string;
  /** A signed token for the server's issuer; default scopes: all bucket scopes. */
  mintToken(scopes?: readonly string[]): Promise<string>;
  objects: DirectObjects;
  objectLock: ObjectLock;
  /** Calls of a storage operation behind the API fail with a 503, injected at the store port (see FaultPlan). */
  failNext(operation: FaultableOperation, plan?: FaultPlan): void;
  /** The account the API's S3 credentials belong to (owner of every bucket the API creates). */
  owner: Account;
  /** A second account that ACL grants can name. */
  other: Account;
  /** Present where another account can own buckets; otherwise `foreignUnsupported` says why not. */
  foreign: ForeignBuckets | undefined;
  foreignUnsupported?: string;
  knownDefects: Partial<Record<KnownDefect, string>>;
  /** Prefix for every bucket name of this run, unique per run so shared backends never collide. */
  bucketPrefix: string;
  /** Best effort: removes every version, delete marker and the bucket itself, bypassing the API. */
  removeBucket(bucket: string): Promise<void>;
  /** Stops the server and releases the backend. */
  close(): Promise<void>;
}

export type BackendFactory = () => Promise<ContractBackend>;

/** A bucket-name prefix no other run shares: lowercase base-36 time plus random digits (≤ 14 chars). */
export function uniqueBucketPrefix(tag: string): string {
  const time = Date.now().toString(36);
  const random = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, "0");
  return `${tag}-${time}${random}`;
}
