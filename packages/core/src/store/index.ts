import { s3Settings } from "../config";
import type { BucketStore } from "./bucket-store";
import { createHcpS3Client } from "./s3-client";
import { S3BucketStore } from "./s3-store";

export * from "./bucket-store";
export { StoreError, type StoreErrorCode } from "./store-error";
export { S3BucketStore } from "./s3-store";
export { createHcpS3Client } from "./s3-client";

let current: BucketStore | undefined;

/** The container's store: one S3 client per container, built on first use from the settings. */
export function bucketStore(): BucketStore {
  if (!current) {
    const settings = s3Settings();
    current = new S3BucketStore(createHcpS3Client(settings), settings.endpoint, settings.budgetMs);
  }
  return current;
}

/** Lets the local server serve the same handlers from its embedded store. */
export function useBucketStore(store: BucketStore): void {
  current = store;
}
