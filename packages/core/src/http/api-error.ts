/** An error the client should see as-is: status, machine code and a human message naming the resource. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
    /** What went wrong inside, for the log only (never sent): e.g. the misconfiguration behind a 500. */
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}
