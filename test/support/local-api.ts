import { singleTenant } from "@rahcp/core";
import { vi } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalServer, type DevIssuer, type LocalServer } from "@rahcp/local";
import { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";

/** A fresh data directory for a local server (its store, its dev issuer key), removed by `remove`. */
export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "rahcp-local-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The real local server (the handler modules, the dev issuer) over the embedded store in a fresh
 * data directory, on 127.0.0.1 with a free port: the API as the SDK, CLI, Python and contract-style
 * suites see it.
 */
export interface LocalApi {
  url: string;
  server: LocalServer;
  /** The store behind the API, for seeding objects and versions the API cannot create. */
  store: EmbeddedBucketStore;
  /** Every bucket scope (read, write, admin). */
  token: string;
  mint(scopes: string[]): Promise<string>;
  /** The server's development issuer, for tokens with groups, a tenant or a client id. */
  issuer: DevIssuer;
  close(): Promise<void>;
}

export async function startLocalApi(): Promise<LocalApi> {
  const { dir, remove } = await tempDataDir();
  const store = await EmbeddedBucketStore.open(join(dir, "store"));
  const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dir, tenants: singleTenant(store), auth: "dev" });
  const issuer = server.devIssuer;
  if (!issuer) throw new Error("the local server started without its development issuer");
  return {
    url: server.url,
    server,
    store,
    token: await issuer.mint(),
    mint: (scopes) => issuer.mint({ scopes }),
    issuer,
    async close() {
      await server.close();
      await store.close();
      await remove();
    },
  };
}

/**
 * The local server as `npm start` serves it: the store it selects itself (embedded, in a fresh
 * data directory, unless S3_* says otherwise) and the dev issuer, on 127.0.0.1 with a free port.
 */
export async function startServedApi(): Promise<{ server: LocalServer; token: string; close(): Promise<void> }> {
  const { dir, remove } = await tempDataDir();
  const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dir, auth: "dev" });
  return {
    server,
    token: await server.devIssuer!.mint(),
    async close() {
      await server.close();
      await remove();
    },
  };
}

/** Puts `count` objects named `${prefix}${n}` (zero-padded, so key order is numeric order). */
export async function seedObjects(store: EmbeddedBucketStore, bucket: string, prefix: string, count: number, size = 100): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`);
  for (const key of keys) await store.putObject(bucket, key, "x".repeat(size));
  return keys;
}

/**
 * Force delete one phase per request, whatever the machine's speed: a 1 ms budget (the API runs in
 * this process) and batch deletes slowed to 5 ms, so after the first batch no other one fits. Undo
 * with vi.unstubAllEnvs() and vi.restoreAllMocks().
 */
export function forceOneBatchPerRequest(store: EmbeddedBucketStore): void {
  vi.stubEnv("FORCE_DELETE_BUDGET_MS", "1");
  const deleteVersions = store.deleteVersions.bind(store);
  vi.spyOn(store, "deleteVersions").mockImplementation(async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return deleteVersions(...args);
  });
}
