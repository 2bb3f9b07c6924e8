export * from "./bucket-store";
export { StoreError, type StoreErrorCode } from "./store-error";
export { S3BucketStore } from "./s3-store";
export { createHcpS3Client } from "./s3-client";
