import { S3ServiceException } from "@aws-sdk/client-s3";
import { StoreError, type StoreErrorCode } from "./store-error";

const PASSTHROUGH: ReadonlySet<string> = new Set<StoreErrorCode>([
  "NoSuchBucket",
  "BucketNotEmpty",
  "BucketAlreadyExists",
  "BucketAlreadyOwnedByYou",
  "AccessDenied",
  "InvalidBucketName",
  "InvalidArgument",
  "SlowDown",
  "ServiceUnavailable",
]);

const CLIENT_ACL_ERRORS = new Set(["UnresolvableGrantByEmailAddress", "MalformedACLError"]);

const TIMEOUT_NAMES = new Set(["TimeoutError", "AbortError", "RequestTimeout", "RequestTimeoutException"]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNABORTED", "UND_ERR_CONNECT_TIMEOUT"]);
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EPROTO",
  "CERT_HAS_EXPIRED",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
]);

function codeFromStatus(status: number | undefined): StoreErrorCode {
  if (status === 404) return "NoSuchBucket";
  if (status === 403) return "AccessDenied";
  if (status === 409) return "BucketAlreadyExists";
  if (status === 500 || status === 503) return "ServiceUnavailable";
  return "BackendError";
}

/** Translates whatever the AWS SDK threw into a StoreError about `bucket`. */
export function toStoreError(error: unknown, bucket: string | undefined): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata?.httpStatusCode;
    if (PASSTHROUGH.has(error.name)) return new StoreError(error.name as StoreErrorCode, bucket);
    if (error.name === "InternalError") return new StoreError("ServiceUnavailable", bucket);
    // ACL policies the backend refuses (e.g. an email grantee it cannot resolve) are the client's mistake.
    if (CLIENT_ACL_ERRORS.has(error.name)) return new StoreError("InvalidArgument", bucket);
    // HEAD responses carry no body, so the SDK only knows the status: "NotFound", "Forbidden", "403",
    // or "Unknown" (Ceph RGW's 403 to HeadBucket on a foreign bucket).
    if (error.name === "NotFound" || error.name === "Forbidden" || error.name === "Unknown" || /^\d{3}$/.test(error.name)) {
      return new StoreError(codeFromStatus(status), bucket);
    }
    if (error.name === "ThrottlingException" || error.name === "Throttling") return new StoreError("SlowDown", bucket);
    if (TIMEOUT_NAMES.has(error.name)) return new StoreError("Timeout", bucket);
    // Every operation of this API addresses a bucket, never an object: a 404 under any code means the
    // bucket is gone (Ceph RGW answers NoSuchKey to a DeleteBucket that lost a race with another).
    if (status === 404) return new StoreError("NoSuchBucket", bucket);
    return new StoreError("BackendError", bucket, `S3 ${error.name} (HTTP ${status ?? "?"})`);
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // The socket's own code first: the SDK renames ECONNRESET/EPIPE errors to "TimeoutError",
    // but a backend that drops the connection is unreachable, not slow.
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return new StoreError("Unreachable", bucket, code);
    if (TIMEOUT_NAMES.has(error.name) || (typeof code === "string" && TIMEOUT_CODES.has(code))) {
      return new StoreError("Timeout", bucket);
    }
    return new StoreError("BackendError", bucket, error.name);
  }
  return new StoreError("BackendError", bucket);
}
