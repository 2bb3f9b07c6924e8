export { RahcpClient, DEFAULT_TIMEOUT_MS, type RahcpClientOptions, type Environment } from "./client";
export { S3Api, versionEntries, type CallOptions, type ListBucketsOptions, type ListObjectsOptions, type ListVersionsOptions, type VersionEntry } from "./s3";
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
} from "./errors";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
export type { FetchLike, TokenSource } from "./transport";
export type { TypedApi, ApiPath, Method, PathWith, Operation, CallInput, SuccessBody } from "./typed-api";
export type * from "./types";
export type { paths, components, operations } from "./generated/api";
