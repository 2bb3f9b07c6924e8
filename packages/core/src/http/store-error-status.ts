import type { StoreError, StoreErrorCode } from "../store/store-error";
import { ApiError } from "./api-error";
import type { StatusOf } from "./error-codes";

/** Seconds a throttled client should wait before retrying. */
const RETRY_AFTER_SECONDS = "5";

/**
 * `bucket` is a quoted name, or a phrase for calls that target no single bucket (listing). Each
 * backend code is also an API code, answered with the status ERROR_CODES declares for it.
 */
const describe: { [C in StoreErrorCode]: (bucket: string) => readonly [StatusOf<C>, string] } = {
  NoSuchBucket: (b) => [404, `Bucket ${b} does not exist`],
  BucketNotEmpty: (b) => [409, `Bucket ${b} is not empty; delete its objects, versions and delete markers first`],
  BucketAlreadyExists: (b) => [409, `Bucket ${b} already exists and is owned by another account`],
  BucketAlreadyOwnedByYou: (b) => [409, `Bucket ${b} already exists`],
  AccessDenied: (b) => [403, `The storage backend denied access to ${b.startsWith("'") ? `bucket ${b}` : b}`],
  InvalidBucketName: (b) => [400, `The storage backend rejected the bucket name ${b}`],
  InvalidArgument: (b) => [400, `The storage backend rejected the request for ${b.startsWith("'") ? `bucket ${b}` : b} as invalid`],
  SlowDown: () => [503, "The storage backend is throttling requests; retry later"],
  ServiceUnavailable: () => [503, "The storage backend is temporarily unavailable; retry later"],
  Timeout: () => [504, "The storage backend did not answer in time"],
  Unreachable: () => [502, "The storage backend is unreachable"],
  BackendError: () => [502, "The storage backend returned an unexpected response"],
};

export function storeErrorToApiError<C extends StoreErrorCode>(error: StoreError & { code: C }): ApiError<C> {
  const [status, detail] = (describe[error.code] as (bucket: string) => readonly [StatusOf<C>, string])(
    error.bucket === undefined ? "the bucket list" : `'${error.bucket}'`,
  );
  const headers: Record<string, string> = status === 503 ? { "retry-after": RETRY_AFTER_SECONDS } : {};
  return new ApiError(status, error.code, detail, headers);
}
