/**
 * The local API for the Python SDK's tests (packages/python/tests/local_api.py starts this with tsx):
 * the same server the TypeScript SDK and CLI tests use (startLocalApi: the real handlers, the dev
 * issuer, the embedded store in a temporary directory, 127.0.0.1 and a free port), driven over
 * stdin/stdout, one JSON object per line.
 *
 *   stdout, once ready:  @rahcp-test {"url": "http://127.0.0.1:PORT", "token": "<every bucket scope>"}
 *   stdin, per request:  {"id": 1, "op": "mint", "scopes": ["buckets:read"]}
 *                        {"id": 2, "op": "put_object", "bucket": "b", "key": "k", "body": "x"}
 *                        {"id": 3, "op": "delete_object", "bucket": "b", "key": "k", "version_id": null}
 *                        {"id": 4, "op": "seed_objects", "bucket": "b", "prefix": "p/", "count": 25}
 *   stdout, per answer:  @rahcp-test {"id": 1, "ok": true, "result": …} or {"id": 1, "ok": false, "error": "…"}
 *
 * Objects, versions and delete markers can only be made through the store (the API has no object
 * writes), exactly as the TypeScript tests seed them. Closing stdin stops the server, removes its
 * directory and exits 0 (so does SIGTERM). Answers carry a prefix so that a stray line on stdout cannot be mistaken
 * for one.
 */
import { createInterface } from "node:readline";
import { seedObjects, startLocalApi, type LocalApi } from "../client/local-server";

const PREFIX = "@rahcp-test ";

type Request =
  | { id: number; op: "mint"; scopes: string[] }
  | { id: number; op: "put_object"; bucket: string; key: string; body?: string }
  | { id: number; op: "delete_object"; bucket: string; key: string; version_id?: string | null }
  | { id: number; op: "seed_objects"; bucket: string; prefix: string; count: number; size?: number };

function send(message: unknown): void {
  process.stdout.write(`${PREFIX}${JSON.stringify(message)}\n`);
}

async function answer(api: LocalApi, request: Request): Promise<unknown> {
  switch (request.op) {
    case "mint":
      return api.mint(request.scopes);
    case "put_object":
      return api.store.putObject(request.bucket, request.key, request.body ?? "x");
    case "delete_object":
      return api.store.deleteObject(request.bucket, request.key, request.version_id ?? undefined);
    case "seed_objects":
      return seedObjects(api.store, request.bucket, request.prefix, request.count, request.size);
    default:
      throw new Error(`unknown op ${JSON.stringify((request as { op?: unknown }).op)}`);
  }
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
