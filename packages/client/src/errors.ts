/**
 * Typed errors by HTTP status, so callers can `catch (e) { if (e instanceof NotFoundError) … }`
 * instead of comparing numbers. Every error carries the API's `{detail, code, request_id}`.
 */

export interface RahcpErrorInit {
  /** HTTP status; 0 when no response arrived (network failure, timeout). */
  status: number;
  /** Human explanation, from the API's `detail` when it sent one. */
  detail: string;
  /** Machine code, from the API's `code` (e.g. `NoSuchBucket`) or the client (`NetworkError`, `Timeout`). */
  code: string;
  /** The API's request id (body `request_id` or `X-Request-Id`): quote it when reporting a problem. */
  requestId?: string | undefined;
  /** Method and path of the failed call, e.g. `GET /api/v1/buckets`. */
  operation?: string | undefined;
  /** Milliseconds the server asked to wait (`Retry-After`), when it did. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

export class RahcpError extends Error {
  override name = "RahcpError";
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly operation: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: RahcpErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.detail = init.detail;
    this.code = init.code;
    this.requestId = init.requestId;
    this.operation = init.operation;
    this.retryAfterMs = init.retryAfterMs;
  }
}

function describe({ detail, code, status, requestId }: RahcpErrorInit): string {
  const facts = [code, status > 0 ? `HTTP ${status}` : undefined, requestId ? `request id ${requestId}` : undefined];
  return `${detail} (${facts.filter(Boolean).join(", ")})`;
}

/** 401: the token is missing, expired or not trusted. */
export class AuthenticationError extends RahcpError {
  override name = "AuthenticationError";
}

/** 403: the token lacks the scope, or the storage backend denied access. */
export class ForbiddenError extends RahcpError {
  override name = "ForbiddenError";
}

/** 404: the bucket does not exist. */
export class NotFoundError extends RahcpError {
  override name = "NotFoundError";
}

/** 409: the bucket already exists, or is not empty. */
export class ConflictError extends RahcpError {
  override name = "ConflictError";
}

/** 400, 413, 415, 422: the request itself is wrong; `detail` says what to fix. */
export class ValidationError extends RahcpError {
  override name = "ValidationError";
}

/**
 * 429, 502, 503, 504 once the retries are used up, network failures and timeouts: the call may
 * succeed later. Non-idempotent calls (POST) are never retried, so they can end here at once.
 */
export class RetryableError extends RahcpError {
  override name = "RetryableError";
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

type ErrorClass = new (init: RahcpErrorInit) => RahcpError;

const CLASS_BY_STATUS: ReadonlyMap<number, ErrorClass> = new Map<number, ErrorClass>([
  [400, ValidationError],
  [401, AuthenticationError],
  [403, ForbiddenError],
  [404, NotFoundError],
  [409, ConflictError],
  [413, ValidationError],
  [415, ValidationError],
  [422, ValidationError],
  ...[...RETRYABLE_STATUSES].map((status): [number, ErrorClass] => [status, RetryableError]),
]);

/** The error class for an HTTP status (base RahcpError for the others, e.g. 500). */
export function errorForStatus(init: RahcpErrorInit): RahcpError {
  const ErrorType = CLASS_BY_STATUS.get(init.status) ?? RahcpError;
  return new ErrorType(init);
}

/** Codes the client gives errors that did not come from the API. */
export const CLIENT_CODES = {
  network: "NetworkError",
  timeout: "Timeout",
  invalidResponse: "InvalidResponse",
  configuration: "ConfigurationError",
} as const;

/** The client was configured wrongly (missing endpoint or token, bad URL). */
export class ConfigurationError extends RahcpError {
  override name = "ConfigurationError";
  constructor(detail: string) {
    super({ status: 0, detail, code: CLIENT_CODES.configuration });
  }
}
