import type { paths } from "./generated/api.js";
import type { ApiRequest, ApiResponse, HttpMethod, Transport } from "./transport.js";

/**
 * Compile-time binding of calls to the generated OpenAPI types: the path must exist for the
 * method, and its path parameters, query, JSON body and success body come from the document.
 */

export type ApiPath = keyof paths;
export type Method = "get" | "post" | "put" | "delete" | "head";

/** The operation object for a path and method; never when the path has no such method. */
export type Operation<P extends ApiPath, M extends Method> = Exclude<paths[P][M], undefined>;

/** Paths that declare the method. */
export type PathWith<M extends Method> = { [P in ApiPath]: [Operation<P, M>] extends [never] ? never : P }[ApiPath];

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? Exclude<Q, undefined> : never;
type JsonBody<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

/** The JSON body of the 200 or 201 response; undefined for operations without one (HEAD). */
export type SuccessBody<O> = O extends { responses: { 200: { content: { "application/json": infer B } } } }
  ? B
  : O extends { responses: { 201: { content: { "application/json": infer B } } } }
    ? B
    : undefined;

/** Statuses the client treats as success (the transport throws on every other one). */
type SuccessStatus = 200 | 201 | 202;

/**
 * Every success the operation declares, as `{status, body}`, so a caller can tell a 202 "not
 * finished" from a 200 "done" (force delete) with the body type narrowed by the status.
 */
export type SuccessReply<O> = O extends { responses: infer R }
  ? {
      [S in keyof R & SuccessStatus]: { status: S; body: R[S] extends { content: { "application/json": infer B } } ? B : undefined };
    }[keyof R & SuccessStatus]
  : never;

export type CallInput<O> = ([PathParams<O>] extends [never] ? unknown : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] ? unknown : { query?: QueryParams<O> }) &
  ([JsonBody<O>] extends [never] ? unknown : { body: JsonBody<O> }) & { signal?: AbortSignal | undefined };

interface LooseInput {
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

function expandPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
}

export class TypedApi {
  constructor(private readonly transport: Transport) {}

  /** One typed API call; resolves with the parsed success body or rejects with a RahcpError. */
  async call<M extends Method, P extends PathWith<M>>(method: M, path: P, input: CallInput<Operation<P, M>>): Promise<SuccessBody<Operation<P, M>>> {
    return (await this.send(method, path, input)).body as SuccessBody<Operation<P, M>>;
  }

  /** Like `call`, with the success status beside the body (for operations with more than one, e.g. 200 and 202). */
  async reply<M extends Method, P extends PathWith<M>>(method: M, path: P, input: CallInput<Operation<P, M>>): Promise<SuccessReply<Operation<P, M>>> {
    const response = await this.send(method, path, input);
    // The server validates its responses against the same schemas the types come from.
    return { status: response.status, body: response.body } as SuccessReply<Operation<P, M>>;
  }

  private send(method: Method, path: string, input: unknown): Promise<ApiResponse> {
    const loose = input as LooseInput;
    const request: ApiRequest = {
      method: method.toUpperCase() as HttpMethod,
      path: expandPath(path, loose.path),
      query: loose.query,
      body: loose.body,
      signal: loose.signal,
    };
    return this.transport.send(request);
  }
}
