/**
 * Backend failures in the vocabulary of S3 error codes, so the HTTP layer maps one set of
 * codes whichever store produced them.
 */
export type StoreErrorCode =
  | "NoSuchBucket"
  | "BucketNotEmpty"
  | "BucketAlreadyExists"
  | "BucketAlreadyOwnedByYou"
  | "AccessDenied"
  | "InvalidBucketName"
  | "InvalidArgument"
  | "SlowDown"
  | "ServiceUnavailable"
  | "Timeout"
  | "Unreachable"
  | "BackendError";

export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly code: StoreErrorCode,
    readonly bucket: string | undefined,
    message: string = code,
  ) {
    super(message);
  }
}
