import { expect } from "vitest";
import { routes, schemas, type RouteId } from "@rahcp/core";
import type * as z from "zod/mini";

/** What the suite sees of a response: exactly what a client sees. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

type ResponseOf<Id extends RouteId> = (typeof routes)[Id]["response"] extends z.ZodMiniType<infer T> ? T : never;

export type ErrorBody = z.infer<typeof schemas.ErrorResponse>;

export interface CallOptions {
  /** A JSON body (sent with content-type application/json). */
  json?: unknown;
  /** Bearer token; `null` sends no Authorization header. Default: the client's token. */
  token?: string | null;
  query?: Record<string, string | number | undefined>;
}

/** Talks to the API over HTTP with fetch, as any client does. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers = new Headers();
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers.set("authorization", `Bearer ${token}`);
    let body: string | undefined;
    if (options.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(options.json);
    }
    const res = await fetch(url, { method, headers, body });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** Calls a declared route and returns its success body, checked against the route's response schema. */
  async ok<Id extends RouteId>(id: Id, path: string, options: CallOptions = {}): Promise<ResponseOf<Id>> {
    const route = routes[id];
    const reply = await this.call(route.method, path, options);
    return expectSuccess(id, reply);
  }

  /** Calls and expects a JSON error with this status (and code, when given). */
  async fails(method: string, path: string, status: number, code?: string, options: CallOptions = {}): Promise<ErrorBody> {
    return expectError(await this.call(method, path, options), status, code);
  }
}

export function expectSuccess<Id extends RouteId>(id: Id, reply: Reply): ResponseOf<Id> {
  const route = routes[id];
  expect(reply.status, `${route.method} ${route.path}: ${reply.text}`).toBe(route.successStatus);
  const schema = route.response as z.ZodMiniType | undefined;
  if (schema === undefined) {
    expect(reply.text).toBe("");
    return undefined as ResponseOf<Id>;
  }
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  const parsed = schema.safeParse(JSON.parse(reply.text));
  expect(parsed.error?.issues ?? [], `${id} response matches its schema`).toEqual([]);
  return parsed.data as ResponseOf<Id>;
}

/** The API's error format: `{detail, code, request_id}`, request_id matching the response header. */
export function expectError(reply: Reply, status: number, code?: string): ErrorBody {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  const body = schemas.ErrorResponse.parse(JSON.parse(reply.text));
  if (code !== undefined) expect(body.code).toBe(code);
  expect(body.detail.length).toBeGreaterThan(0);
  expect(body.request_id).toBe(reply.headers.get("apigw-requestid"));
  return body;
}

export const BUCKETS = "/api/v1/buckets";
export const bucketPath = (bucket: string, sub = "") => `${BUCKETS}/${encodeURIComponent(bucket)}${sub}`;
