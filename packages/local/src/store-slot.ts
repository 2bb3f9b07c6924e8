import { useBucketStore, type BucketStore } from "@rahcp/core";

/**
 * Handler modules capture the container store when they are first imported (as on Lambda), and
 * an ES module is imported once per process. Installing this forwarding store before that import
 * lets each local server started in the process (tests start several) serve its own store.
 */
class StoreSlot implements BucketStore {
  target: BucketStore | undefined;

  private get current(): BucketStore {
    if (!this.target) throw new Error("no local server is running in this process");
    return this.target;
  }

  get description() {
    return this.current.description;
  }
  listBuckets: BucketStore["listBuckets"] = () => this.current.listBuckets();
  createBucket: BucketStore["createBucket"] = (bucket) => this.current.createBucket(bucket);
  headBucket: BucketStore["headBucket"] = (bucket) => this.current.headBucket(bucket);
  deleteBucket: BucketStore["deleteBucket"] = (bucket) => this.current.deleteBucket(bucket);
  getVersioning: BucketStore["getVersioning"] = (bucket) => this.current.getVersioning(bucket);
  putVersioning: BucketStore["putVersioning"] = (bucket, status) => this.current.putVersioning(bucket, status);
  listVersions: BucketStore["listVersions"] = (request) => this.current.listVersions(request);
  listObjects: BucketStore["listObjects"] = (request) => this.current.listObjects(request);
  getAcl: BucketStore["getAcl"] = (bucket) => this.current.getAcl(bucket);
  putAcl: BucketStore["putAcl"] = (bucket, acl) => this.current.putAcl(bucket, acl);
}

let slot: StoreSlot | undefined;

/** Registers the forwarding store as the container store; must run before any handler module is imported. */
export function installStoreSlot(): StoreSlot {
  if (!slot) {
    slot = new StoreSlot();
    useBucketStore(slot);
  }
  return slot;
}

/** Makes `store` the one the handlers use. */
export function serveStore(store: BucketStore): void {
  installStoreSlot().target = store;
}

export function releaseStore(store: BucketStore): void {
  if (slot?.target === store) slot.target = undefined;
}
