import { ConfigurationError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
import { S3Api, type CallOptions } from "./s3.js";
import { Transport, type FetchLike, type TokenSource } from "./transport.js";
import { TypedApi } from "./typed-api.js";
import type { MeResponse } from "./types.js";

export interface RahcpClientOptions {
  /** Base URL of the API, e.g. `https://buckets.example.com` or `http://localhost:8000`. */
  endpoint: string;
  /** Bearer token (JWT), or a function returning a current one before each attempt. */
  token: TokenSource;
  /** Per-attempt timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Retries of idempotent calls on 429/502/503/504 and network errors (default 3; 0 disables). */
  retries?: number;
  /** Finer retry tuning (backoff base and cap, longest Retry-After honoured). */
  retryPolicy?: Partial<Omit<RetryPolicy, "retries">>;
  /** fetch implementation (default: the global fetch, looked up at call time). */
  fetch?: FetchLike;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export const DEFAULT_TIMEOUT_MS = 30_000;

/** `process.env` where it exists (Node, Deno, Bun); nothing in browsers. No Node import needed. */
function runtimeEnvironment(): Environment {
  const maybeProcess = (globalThis as { process?: { env?: Environment } }).process;
  return maybeProcess?.env ?? {};
}

function normaliseEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigurationError(`endpoint "${endpoint}" is not a URL (expected e.g. https://buckets.example.com)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`endpoint "${endpoint}" must use http or https`);
  }
  if (url.search || url.hash) throw new ConfigurationError(`endpoint "${endpoint}" must not have a query or fragment`);
  // Accept the API base too (…/api/v1): the client appends full /api/v1/... paths itself.
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  return `${url.origin}${path}`;
}

function checkedCount(name: string, value: number, minimum: number): number {
  if (!Number.isFinite(value) || value < minimum) throw new ConfigurationError(`${name} must be a number ≥ ${minimum}, got ${value}`);
  return value;
}

/**
 * Client of the rahcp bucket API.
 *
 * ```ts
 * const client = new RahcpClient({ endpoint: "http://localhost:8000", token });
 * const { buckets } = await client.s3.listBuckets();
 * ```
 */
export class RahcpClient {
  /** Bucket operations. */
  readonly s3: S3Api;
  /** Lower-level typed access to any operation of the OpenAPI document. */
  readonly api: TypedApi;
  /** The normalised base URL requests go to. */
  readonly endpoint: string;

  constructor(options: RahcpClientOptions) {
    if (!options.endpoint) throw new ConfigurationError("endpoint is required");
    if (!options.token) throw new ConfigurationError("token is required");
    this.endpoint = normaliseEndpoint(options.endpoint);
    const retry: RetryPolicy = {
      ...DEFAULT_RETRY_POLICY,
      ...options.retryPolicy,
      retries: Math.floor(checkedCount("retries", options.retries ?? DEFAULT_RETRY_POLICY.retries, 0)),
    };
    const transport = new Transport({
      endpoint: this.endpoint,
      token: options.token,
      timeoutMs: checkedCount("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1),
      retry,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    });
    this.api = new TypedApi(transport);
    this.s3 = new S3Api(this.api);
  }

  /** Who the API takes the caller for: subject, tenant, groups, scopes and effective grants. */
  me(options: CallOptions = {}): Promise<MeResponse> {
    return this.api.call("get", "/api/v1/me", { signal: options.signal });
  }

  /**
   * A client configured from `RAHCP_ENDPOINT` and `RAHCP_TOKEN` (in Node; pass `env` elsewhere).
   * Explicit options win over the environment.
   */
  static fromEnv(options: Partial<RahcpClientOptions> & { env?: Environment } = {}): RahcpClient {
    const { env = runtimeEnvironment(), ...rest } = options;
    const endpoint = rest.endpoint ?? env["RAHCP_ENDPOINT"];
    const token = rest.token ?? env["RAHCP_TOKEN"];
    if (!endpoint) throw new ConfigurationError("RAHCP_ENDPOINT is not set (the API base URL, e.g. http://localhost:8000)");
    if (!token) throw new ConfigurationError("RAHCP_TOKEN is not set (a bearer token for the API)");
    return new RahcpClient({ ...rest, endpoint, token });
  }
}
