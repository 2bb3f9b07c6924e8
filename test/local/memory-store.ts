import { StoreError, type AclListing, type AclPolicy, type BucketStore, type BucketVersioning } from "@rahcp/core";

interface MemoryBucket {
  created: Date;
  versioning: BucketVersioning;
  acl: AclListing;
}

const OWNER = { ID: "memory-owner", DisplayName: "memory" };

/** A minimal in-memory BucketStore for server tests that do not exercise storage semantics. */
export class MemoryBucketStore implements BucketStore {
  readonly description = "memory (test)";
  readonly buckets = new Map<string, MemoryBucket>();
  /** Every bucket name a handler asked for, in order: proves what reached the store. */
  readonly seen: string[] = [];

  private get(bucket: string): MemoryBucket {
    this.seen.push(bucket);
    const found = this.buckets.get(bucket);
    if (!found) throw new StoreError("NoSuchBucket", bucket);
    return found;
  }

  async listBuckets() {
    return {
      buckets: [...this.buckets].map(([name, b]) => ({ name, creationDate: b.created })),
      owner: { displayName: OWNER.DisplayName, id: OWNER.ID },
    };
  }
  async createBucket(bucket: string) {
    this.seen.push(bucket);
    if (this.buckets.has(bucket)) throw new StoreError("BucketAlreadyOwnedByYou", bucket);
    this.buckets.set(bucket, {
      created: new Date(),
      versioning: { status: null, mfaDelete: null },
      acl: { owner: OWNER, grants: [{ Grantee: { Type: "CanonicalUser", ...OWNER }, Permission: "FULL_CONTROL" }] },
    });
  }
  async headBucket(bucket: string) {
    this.get(bucket);
  }
  async deleteBucket(bucket: string) {
    this.get(bucket);
    this.buckets.delete(bucket);
  }
  async getVersioning(bucket: string) {
    return this.get(bucket).versioning;
  }
  async putVersioning(bucket: string, status: "Enabled" | "Suspended") {
    this.get(bucket).versioning = { status, mfaDelete: "Disabled" };
  }
  async listVersions({ bucket }: { bucket: string }) {
    this.get(bucket);
    return { versions: [], deleteMarkers: [], isTruncated: false, nextKeyMarker: null, nextVersionIdMarker: null };
  }
  async listObjects({ bucket }: { bucket: string }) {
    this.get(bucket);
    return { objects: [], commonPrefixes: [], isTruncated: false, nextContinuationToken: null };
  }
  async getAcl(bucket: string) {
    return this.get(bucket).acl;
  }
  async putAcl(bucket: string, acl: AclPolicy) {
    this.get(bucket).acl = { owner: acl.Owner, grants: acl.Grants };
  }
  async listUploads({ bucket }: { bucket: string }) {
    this.get(bucket);
    return { uploads: [], isTruncated: false, nextKeyMarker: null, nextUploadIdMarker: null };
  }
  /** Holds no objects: every version asked for is already gone. */
  async deleteVersions(bucket: string, versions: readonly unknown[]) {
    this.get(bucket);
    return { deleted: versions.length, failed: [] };
  }
  async abortUpload(bucket: string) {
    this.get(bucket);
  }
}
