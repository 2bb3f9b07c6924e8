import { CLIENT_CODES, errorForStatus, RahcpError, RetryableError } from "./errors.js";
import { backoffDelayMs, parseRetryAfter, sleep, type RetryPolicy } from "./retry.js";

/**
 * The HTTP layer under the typed client: bearer auth, JSON in and out, one timeout per attempt,
 * retries of idempotent calls, and every failure turned into a typed RahcpError. fetch only, so it
 * runs unchanged in Node and browsers.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "HEAD";

/** A token, or a function returning a fresh one before each attempt (for short-lived tokens). */
export type TokenSource = string | (() => string | Promise<string>);

/** What the client reads of a response: a fetch `Response` has it all, and so can a lighter adapter. */
export interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<FetchResponse>;

export interface TransportSettings {
  /** Base URL of the API, e.g. `https://api.example.com` (the `/api/v1/...` paths are appended). */
  endpoint: string;
  token: TokenSource;
  timeoutMs: number;
  retry: RetryPolicy;
  fetch: FetchLike;
}

export interface ApiRequest {
  method: HttpMethod;
  /** Path with parameters already substituted and encoded. */
  path: string;
  query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

export interface ApiResponse {
  status: number;
  /** Parsed JSON body; undefined when the response has none (HEAD). */
  body: unknown;
  requestId: string | undefined;
}

/** POST creates: repeating one whose response was lost could create twice or fail with 409. */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(["GET", "HEAD", "PUT", "DELETE"]);

const FALLBACK_CODES: Readonly<Record<number, string>> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  422: "UnprocessableEntity",
  429: "TooManyRequests",
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

const TIMEOUT = Symbol("rahcp timeout");

export class Transport {
  constructor(private readonly settings: TransportSettings) {}

  get endpoint(): string {
    return this.settings.endpoint;
  }

  async send(request: ApiRequest): Promise<ApiResponse> {
    const { retry } = this.settings;
    const retryable = IDEMPOTENT.has(request.method);
    for (let retryNumber = 0; ; retryNumber++) {
      try {
        return await this.attempt(request);
      } catch (error) {
        if (!(error instanceof RetryableError) || !retryable || retryNumber >= retry.retries) throw error;
        const asked = error.retryAfterMs;
        if (asked !== undefined && asked > retry.maxRetryAfterMs) throw error;
        await sleep(asked ?? backoffDelayMs(retryNumber, retry), request.signal);
      }
    }
  }

  private url(request: ApiRequest): string {
    const url = `${this.settings.endpoint}${request.path}`;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) query.set(name, String(value));
    }
    const text = query.toString();
    return text ? `${url}?${text}` : url;
  }

  private async attempt(request: ApiRequest): Promise<ApiResponse> {
    const operation = `${request.method} ${request.path}`;
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) throw request.signal.reason;
    request.signal?.addEventListener("abort", onCallerAbort, { once: true });
    // A plain timer rather than AbortSignal.timeout: clearable, and driven by fake timers in tests.
    const timer = setTimeout(() => controller.abort(TIMEOUT), this.settings.timeoutMs);
    try {
      const token = typeof this.settings.token === "function" ? await this.settings.token() : this.settings.token;
      const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${token}` };
      const init: RequestInit = { method: request.method, headers, signal: controller.signal };
      if (request.body !== undefined) {
        headers["content-type"] = "application/json";
        init.body = JSON.stringify(request.body);
      }
      let response: FetchResponse;
      let text: string;
      try {
        response = await this.settings.fetch(this.url(request), init);
        text = request.method === "HEAD" ? "" : await response.text();
      } catch (cause) {
        throw this.transportFailure(cause, controller.signal, request, operation);
      }
      const headerRequestId = response.headers.get("x-request-id") ?? undefined;
      if (response.ok) {
        return { status: response.status, body: parseSuccessBody(text, operation, response.status, headerRequestId), requestId: headerRequestId };
      }
      throw errorFromResponse(response, text, operation, headerRequestId);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  private transportFailure(cause: unknown, signal: AbortSignal, request: ApiRequest, operation: string): unknown {
    if (request.signal?.aborted) return request.signal.reason; // the caller cancelled: not ours to wrap
    if (signal.aborted && signal.reason === TIMEOUT) {
      return new RetryableError({
        status: 0,
        code: CLIENT_CODES.timeout,
        detail: `no response from ${this.settings.endpoint} to ${operation} within ${this.settings.timeoutMs} ms`,
        operation,
        cause,
      });
    }
    return new RetryableError({
      status: 0,
      code: CLIENT_CODES.network,
      detail: `cannot reach ${this.settings.endpoint} for ${operation}: ${networkReason(cause)}`,
      operation,
      cause,
    });
  }
}

/** fetch's TypeError says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in its cause. */
function networkReason(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" && !current.message.includes(code) ? `${current.message} [${code}]` : current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(": ") : String(error);
}

function parseSuccessBody(text: string, operation: string, status: number, requestId: string | undefined): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RahcpError({ status, code: CLIENT_CODES.invalidResponse, detail: `response of ${operation} is not JSON`, requestId, operation, cause });
  }
}

interface ErrorBody {
  detail?: unknown;
  code?: unknown;
  request_id?: unknown;
}

function errorFromResponse(response: FetchResponse, text: string, operation: string, headerRequestId: string | undefined): RahcpError {
  let body: ErrorBody = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object") body = parsed as ErrorBody;
  } catch {
    // Proxies and gateways answer with HTML or plain text: fall back to the status.
  }
  const status = response.status;
  const stringOr = (value: unknown, fallback: string) => (typeof value === "string" && value !== "" ? value : fallback);
  return errorForStatus({
    status,
    detail: stringOr(body.detail, `${operation} failed with HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`),
    code: stringOr(body.code, FALLBACK_CODES[status] ?? `Http${status}`),
    requestId: typeof body.request_id === "string" ? body.request_id : headerRequestId,
    operation,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
  });
}
