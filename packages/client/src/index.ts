export { RahcpClient, DEFAULT_TIMEOUT_MS, type RahcpClientOptions, type Environment } from "./client.js";
export {
  S3Api,
  versionEntries,
  type CallOptions,
  type DeleteBucketOptions,
  type ForceDeleteTotals,
  type ListBucketsOptions,
  type ListObjectsOptions,
  type ListUploadsOptions,
  type ListVersionsOptions,
  type VersionEntry,
} from "./s3.js";
export {
  RahcpError,
  AuthenticationError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ValidationError,
  RetryableError,
  ConfigurationError,
  CLIENT_CODES,
  type RahcpErrorInit,
} from "./errors.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
export type { FetchLike, FetchResponse, TokenSource } from "./transport.js";
export type { TypedApi, ApiPath, Method, PathWith, Operation, CallInput, SuccessBody, SuccessReply } from "./typed-api.js";
export type * from "./types.js";
export type { paths, components, operations } from "./generated/api.js";
