import {
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RahcpError,
  ValidationError,
} from "@rahcp/client";

/** Documented in `rahcp --help`; scripts rely on them. */
export const EXIT = {
  ok: 0,
  /** Not found, or a check answered "no" (`rahcp s3 exists`). */
  notFound: 1,
  usage: 2,
  auth: 3,
  conflict: 4,
  /** Server failure, network error or timeout. */
  server: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line or in the configuration: exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A destructive command was not confirmed (wrong answer, no terminal to ask on, Ctrl-C): exit 2, nothing done. */
export class NotConfirmedError extends Error {
  override name = "NotConfirmedError";
}

/** The token is missing: exit 3 like a refused one. */
export class MissingTokenError extends Error {
  override name = "MissingTokenError";
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof NotConfirmedError || error instanceof ConfigurationError || error instanceof ValidationError) return EXIT.usage;
  if (error instanceof MissingTokenError || error instanceof AuthenticationError || error instanceof ForbiddenError) return EXIT.auth;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof ConflictError) return EXIT.conflict;
  if (error instanceof RahcpError) return EXIT.server;
  return EXIT.server;
}

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  not found (or \`s3 exists\`: the bucket does not exist)
  2  usage error: bad arguments, configuration or request (HTTP 400/413/415), or a force delete not confirmed
  3  authentication or permission: missing, invalid or expired token (401), missing scope (403)
  4  conflict: bucket already exists or is not empty (409)
  5  server or network failure, timeout (5xx, 429 after retries)`;
