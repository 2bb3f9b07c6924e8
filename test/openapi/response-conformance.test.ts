import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { routeList, type RouteSpec } from "@rahcp/core";
import document from "../../packages/functions/src/generated/openapi.json" with { type: "json" };
import { startLocalApi, type LocalApi } from "../support/local-api";

/**
 * The document cannot lie: real responses of the local server (real handlers, embedded store)
 * must use a status the document lists for that operation and validate against the schema it
 * documents for that status.
 */

type JsonSchema = Record<string, unknown>;
interface DocumentedResponse {
  content?: Record<string, { schema: JsonSchema }>;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);

const paths = document.paths as unknown as Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;

/** Every (operation, status) pair a real response was checked against. */
const checked = new Set<string>();

let api: LocalApi;
let readOnly: string;

beforeAll(async () => {
  api = await startLocalApi();
  readOnly = await api.mint(["buckets:read"]);
});

afterAll(async () => api?.close());

async function call(
  route: RouteSpec,
  options: { bucket?: string; query?: string; body?: unknown; token?: string | null; contentType?: string } = {},
) {
  const path = route.path.replace("{bucket}", options.bucket ?? "");
  const headers = new Headers();
  const token = options.token === undefined ? api.token : options.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers.set("content-type", options.contentType ?? "application/json");
  }
  const res = await fetch(`${api.url}${path}${options.query ? `?${options.query}` : ""}`, {
    method: route.method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();

  const documented = paths[route.path]?.[route.method.toLowerCase()]?.responses[String(res.status)];
  expect(documented, `${route.id} answered ${res.status}, which the document does not list (body: ${text})`).toBeDefined();
  const content = documented!.content;
  if (route.method === "HEAD") {
    expect(text).toBe("");
    expect(content).toBeUndefined();
  } else {
    expect(content, `${route.id} ${res.status} has a body but no documented content`).toBeDefined();
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const schema = content!["application/json"]!.schema;
    const validate = ajv.compile({ ...schema, components: document.components });
    const ok = validate(JSON.parse(text));
    expect(ok, `${route.id} ${res.status}: ${ajv.errorsText(validate.errors)} in ${text}`).toBe(true);
  }
  checked.add(`${route.id} ${res.status}`);
  return { status: res.status, text };
}

const r = Object.fromEntries(routeList.map((route) => [route.id, route])) as Record<string, RouteSpec>;

describe("real responses match the OpenAPI document", () => {
  const bucket = `conformance-${Date.now().toString(36)}`;

  it("bucket lifecycle, success and failure paths", async () => {
    expect((await call(r.listBuckets!, { token: null })).status).toBe(401);
    expect((await call(r.createBucket!, { body: { bucket } })).status).toBe(201);
    expect((await call(r.createBucket!, { body: { bucket } })).status).toBe(409);
    expect((await call(r.createBucket!, { body: { bucket: "Not_A_Bucket" } })).status).toBe(400);
    expect((await call(r.createBucket!, { body: "bucket=x", contentType: "text/plain" })).status).toBe(415);
    expect((await call(r.createBucket!, { body: { bucket: "x".repeat(70_000) } })).status).toBe(413);
    expect((await call(r.listBuckets!)).status).toBe(200);
    expect((await call(r.listBuckets!, { query: "max_buckets=1&prefix=conformance-" })).status).toBe(200);
    expect((await call(r.listBuckets!, { query: "continuation_token=nonsense" })).status).toBe(400);
    expect((await call(r.headBucket!, { bucket })).status).toBe(200);
    expect((await call(r.headBucket!, { bucket: "no-such-bucket-here" })).status).toBe(404);
    expect((await call(r.getVersioning!, { bucket })).status).toBe(200);
    expect((await call(r.getVersioning!, { bucket: "no-such-bucket-here" })).status).toBe(404);
    expect((await call(r.setVersioning!, { bucket, body: { status: "On" } })).status).toBe(400);
    expect((await call(r.setVersioning!, { bucket, body: { status: "Enabled" } })).status).toBe(200);
    expect((await call(r.setVersioning!, { bucket, body: { status: "Enabled" }, token: readOnly })).status).toBe(403);
  });

  it("listings with real objects, versions and delete markers", async () => {
    await api.store.putObject(bucket, "data/a.txt", "one");
    await api.store.putObject(bucket, "data/a.txt", "two");
    await api.store.putObject(bucket, "logs/b.txt", "three");
    await api.store.deleteObject(bucket, "logs/b.txt");
    expect((await call(r.listVersions!, { bucket })).status).toBe(200);
    expect((await call(r.listVersions!, { bucket, query: "max_keys=1" })).status).toBe(200);
    expect((await call(r.listVersions!, { bucket, query: "max_keys=0" })).status).toBe(400);
    expect((await call(r.listObjects!, { bucket, query: "delimiter=/" })).status).toBe(200);
    expect((await call(r.listObjects!, { bucket, query: "prefix=data/&max_keys=1" })).status).toBe(200);
    expect((await call(r.listObjects!, { bucket: "no-such-bucket-here" })).status).toBe(404);
    await api.store.createMultipartUpload(bucket, "big/upload");
    expect((await call(r.listUploads!, { bucket, query: "max_uploads=1" })).status).toBe(200);
    expect((await call(r.listUploads!, { bucket, query: "max_uploads=0" })).status).toBe(400);
  });

  it("ACL read and write", async () => {
    const acl = await call(r.getAcl!, { bucket });
    expect(acl.status).toBe(200);
    const { owner, grants } = JSON.parse(acl.text) as { owner: unknown; grants: unknown };
    expect((await call(r.setAcl!, { bucket, body: { Owner: owner, Grants: grants } })).status).toBe(200);
    expect((await call(r.setAcl!, { bucket, body: { Owner: owner, Grants: grants }, token: readOnly })).status).toBe(403);
    expect((await call(r.setAcl!, { bucket, body: { Owner: owner, Grants: [{ Permission: "ALL" }] } })).status).toBe(400);
  });

  it("who am I", async () => {
    expect((await call(r.me!)).status).toBe(200);
    expect((await call(r.me!, { token: null })).status).toBe(401);
  });

  it("delete: not empty, empty, missing", async () => {
    expect((await call(r.deleteBucket!, { bucket })).status).toBe(409);
    const empty = `${bucket}-empty`;
    expect((await call(r.createBucket!, { body: { bucket: empty } })).status).toBe(201);
    expect((await call(r.deleteBucket!, { bucket: empty })).status).toBe(200);
    expect((await call(r.deleteBucket!, { bucket: empty })).status).toBe(404);
    expect((await call(r.deleteBucket!, { bucket, query: "force=yes" })).status).toBe(400);
    expect((await call(r.deleteBucket!, { bucket, query: "force=true", token: readOnly })).status).toBe(403);
    vi.stubEnv("FORCE_DELETE_BUDGET_MS", "1"); // one batch per call: the versions, then the upload
    expect((await call(r.deleteBucket!, { bucket, query: "force=true" })).status).toBe(202);
    vi.unstubAllEnvs();
    expect((await call(r.deleteBucket!, { bucket, query: "force=true" })).status).toBe(200);
  });

  it("every operation had its success response checked", () => {
    for (const route of routeList) expect(checked, route.id).toContain(`${route.id} ${route.successStatus}`);
  });
});
