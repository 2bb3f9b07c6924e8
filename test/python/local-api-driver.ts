/**
 * The local API for the Python SDK's tests (packages/python/tests/local_api.py starts this with tsx):
 * the same server the TypeScript SDK and CLI tests use (startLocalApi: the real handlers, the dev
 * issuer, the embedded store in a temporary directory, 127.0.0.1 and a free port), driven over
 * stdin/stdout, one JSON object per line.
 *
 *   stdout, once ready:  @rahcp-test {"url": "http://127.0.0.1:PORT", "token": "<every bucket scope>"}
 *   stdin, per request:  {"id": 1, "op": "mint", "scopes": ["buckets:read"]}
 *                        {"id": 1, "op": "mint", "scopes": [], "subject": "alice", "groups": ["team-a"], "tenant": "t", "client_id": "c"}
 *                        {"id": 2, "op": "put_object", "bucket": "b", "key": "k", "body": "x"}
 *                        {"id": 3, "op": "delete_object", "bucket": "b", "key": "k", "version_id": null}
 *                        {"id": 4, "op": "seed_objects", "bucket": "b", "prefix": "p/", "count": 25}
 *                        {"id": 5, "op": "seed_versions", "bucket": "b", "prefix": "v/", "keys": 100, "versions": 3, "delete_markers": 10}
 *                        {"id": 6, "op": "create_upload", "bucket": "b", "key": "k"}
 *   stdout, per answer:  @rahcp-test {"id": 1, "ok": true, "result": …} or {"id": 1, "ok": false, "error": "…"}
 *
 * Objects, versions, delete markers and multipart uploads can only be made through the store (the
 * API has no object writes), exactly as the TypeScript tests seed them; seed_versions does a whole
 * versioned data set in one request (thousands of writes would be thousands of round trips). The
 * server reads its settings from this process's environment, as `npm start` does: an access policy
 * is the file RAHCP_POLICY names (none when unset), FORCE_DELETE_BUDGET_MS bounds each force delete.
 * Closing stdin stops the server, removes its directory and exits 0 (so does SIGTERM). Answers carry
 * a prefix so that a stray line on stdout cannot be mistaken for one.
 */
import { createInterface } from "node:readline";
import { seedObjects, startLocalApi, type LocalApi } from "../support/local-api";

const PREFIX = "@rahcp-test ";

type Request =
  | { id: number; op: "mint"; scopes: string[]; subject?: string; groups?: string[]; tenant?: string; client_id?: string }
  | { id: number; op: "put_object"; bucket: string; key: string; body?: string }
  | { id: number; op: "delete_object"; bucket: string; key: string; version_id?: string | null }
  | { id: number; op: "seed_objects"; bucket: string; prefix: string; count: number; size?: number }
  | { id: number; op: "seed_versions"; bucket: string; prefix: string; keys: number; versions: number; delete_markers?: number }
  | { id: number; op: "create_upload"; bucket: string; key: string };

function send(message: unknown): void {
  process.stdout.write(`${PREFIX}${JSON.stringify(message)}\n`);
}

async function answer(api: LocalApi, request: Request): Promise<unknown> {
  switch (request.op) {
    case "mint": {
      // A claim not asked for stays out of the token (the issuer skips undefined ones).
      const { scopes, subject, groups, tenant, client_id: clientId } = request;
      return api.issuer.mint({ scopes, subject, groups, tenant, clientId });
    }
    case "put_object":
      return api.store.putObject(request.bucket, request.key, request.body ?? "x");
    case "delete_object":
      return api.store.deleteObject(request.bucket, request.key, request.version_id ?? undefined);
    case "seed_objects":
      return seedObjects(api.store, request.bucket, request.prefix, request.count, request.size);
    case "seed_versions":
      return seedVersions(api.store, request);
    case "create_upload":
      return api.store.createMultipartUpload(request.bucket, request.key);
    default:
      throw new Error(`unknown op ${JSON.stringify((request as { op?: unknown }).op)}`);
  }
}

/**
 * `keys` keys named `${prefix}${n}` (zero-padded), each written `versions` times, then a delete
 * marker as the latest of the first `delete_markers` keys, in a bucket with versioning enabled (so
 * that every write is kept). Answers what it made: `{keys, versions, delete_markers}` (counts).
 */
async function seedVersions(
  store: LocalApi["store"],
  request: Extract<Request, { op: "seed_versions" }>,
): Promise<{ keys: number; versions: number; delete_markers: number }> {
  const { bucket, prefix, keys, versions } = request;
  const markers = request.delete_markers ?? 0;
  if (markers > keys) throw new Error(`delete_markers (${markers}) cannot exceed keys (${keys})`);
  if ((await store.getVersioning(bucket)).status !== "Enabled") throw new Error(`seed_versions needs versioning enabled on ${bucket}`);
  const key = (n: number) => `${prefix}${String(n).padStart(5, "0")}`;
  // The store orders a bucket's writes anyway: one at a time is as fast as many at once.
  for (let round = 0; round < versions; round++) {
    for (let n = 0; n < keys; n++) await store.putObject(bucket, key(n), `v${round}`);
  }
  for (let n = 0; n < markers; n++) await store.deleteObject(bucket, key(n));
  return { keys, versions: keys * versions, delete_markers: markers };
}

async function main(): Promise<void> {
  const api = await startLocalApi();
  send({ url: api.url, token: api.token });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  process.once("SIGTERM", () => lines.close()); // the same clean stop as closing stdin
  // One request at a time, in order: each answer reflects every earlier write.
  for await (const line of lines) {
    if (line.trim() === "") continue;
    let request: Request;
    try {
      request = JSON.parse(line) as Request;
    } catch {
      send({ id: null, ok: false, error: `not JSON: ${line}` });
      continue;
    }
    try {
      send({ id: request.id, ok: true, result: (await answer(api, request)) ?? null });
    } catch (error) {
      send({ id: request.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  await api.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`local-api-driver: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
