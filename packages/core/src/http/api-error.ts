import type { ErrorCode, StatusOf } from "./error-codes";

/**
 * An error the client should see as-is: status, machine code and a human message naming the resource.
 * The code must be one of ERROR_CODES, with the status declared for it there (checked when compiling).
 */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: StatusOf<C>,
    readonly code: C,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
    /** What went wrong inside, for the log only (never sent): e.g. the misconfiguration behind a 500. */
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}
