import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintDevToken } from "@rahcp/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/loopback";

/**
 * `npm run dev` in a copy of the project (node_modules linked, not copied): edits to a handler
 * reach the next request without a restart of the listener, on the same port, store and dev
 * issuer key; code with a syntax error, or that throws while loading, is reported and never
 * replaces the code that serves.
 */
const ROOT = join(import.meta.dirname, "../..");
const project = mkdtempSync(join(tmpdir(), "rahcp-dev-"));
const dataDir = join(project, ".data");
const HANDLER = join(project, "packages/functions/src/list-buckets.ts");
const START_TIMEOUT_MS = 90_000;
const RELOAD_TIMEOUT_MS = 45_000;

/** The project's files, with node_modules symlinked except the workspace links, which must point into the copy. */
function copyProject(): void {
  const skip = new Set(["node_modules", ".git", ".sst", ".data", "test-results", "dist", ".tmp", "coverage"]);
  cpSync(ROOT, project, { recursive: true, filter: (source) => !skip.has(source.split("/").at(-1) ?? "") });
  mkdirSync(join(project, "node_modules/@rahcp"), { recursive: true });
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    if (entry !== "@rahcp") symlinkSync(join(ROOT, "node_modules", entry), join(project, "node_modules", entry));
  }
  for (const name of readdirSync(join(ROOT, "packages"))) {
    symlinkSync(join(project, "packages", name), join(project, "node_modules/@rahcp", name));
    const own = join(ROOT, "packages", name, "node_modules");
    if (existsSync(own)) symlinkSync(own, join(project, "packages", name, "node_modules"));
  }
}

/** A list-buckets handler that says which edit it is. */
const edited = (version: number) =>
  `export const handler = async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ edited: ${version} }) });\n`;

let dev: ChildProcess;
let output = "";
let port: number;
let token: string;
let base: string;

function waitForOutput(pattern: RegExp, timeoutMs: number, from = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output.slice(from));
      if (match) {
        clearInterval(timer);
        clearTimeout(deadline);
        resolve(match[0]);
      }
    };
    const timer = setInterval(check, 50);
    const deadline = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`no ${pattern} in npm run dev's output within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    check();
  });
}

const reloads = () => output.match(/^\[rahcp dev\] reloaded in /gm)?.length ?? 0;
const get = (path: string, method = "GET") => fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

/** Requests the list route back to back until it answers `expected`; returns every status seen. */
async function untilBody(expected: unknown, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  const statuses: number[] = [];
  let last: unknown;
  while (Date.now() < deadline) {
    const res = await get("/api/v1/buckets");
    statuses.push(res.status);
    last = await res.json();
    if (JSON.stringify(last) === JSON.stringify(expected)) return statuses;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`still ${JSON.stringify(last)} after ${timeoutMs} ms, not ${JSON.stringify(expected)}:\n${output}`);
}

beforeAll(async () => {
  copyProject();
  port = await freePort();
  base = `http://localhost:${port}`;
  dev = spawn("npm", ["run", "dev"], {
    cwd: project,
    env: { ...process.env, PORT: String(port), RAHCP_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: "WARN" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so afterAll can end whatever it started
  });
  dev.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput(new RegExp(`rahcp local API on http://localhost:${port}`), START_TIMEOUT_MS);
  // The issuer is named after the port npm run dev listens on, as `npm run token` assumes.
  token = await mintDevToken({ dataDir, port });
}, START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (dev.exitCode === null && dev.signalCode === null && dev.pid) {
    try {
      process.kill(-dev.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(project, { recursive: true, force: true });
});

describe("npm run dev", () => {
  it("serves like npm start", async () => {
    const list = await get("/api/v1/buckets");
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ buckets: [] });
    const create = await fetch(`${base}/api/v1/buckets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ bucket: "kept-across-reloads" }),
    });
    expect(create.status).toBe(201);
    expect(reloads()).toBe(0);
  });

  it("runs an edited handler on the next request, with the same port, store and dev-issuer key", async () => {
    writeFileSync(HANDLER, edited(1));
    // Requests during the swap wait for the new process: none fails.
    const statuses = await untilBody({ edited: 1 }, RELOAD_TIMEOUT_MS);
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await waitForOutput(/^\[rahcp dev\] reloaded in [\d.]+ s, requests held for [\d.]+ s \(packages\/functions\/src\/list-buckets\.ts\)$/m, 5_000);
    expect(reloads()).toBe(1);
    // The token minted before the reload still verifies, and the bucket made before it is still there.
    expect((await get("/api/v1/buckets/kept-across-reloads", "HEAD")).status).toBe(200);
  }, RELOAD_TIMEOUT_MS + 10_000);

  it("reports a syntax error and keeps the previous code serving", async () => {
    const from = output.length;
    writeFileSync(HANDLER, edited(2).replace("statusCode: 200,", "statusCode: 200,,"));
    await waitForOutput(/packages\/functions\/src\/list-buckets\.ts:1:\d+: .*\(still serving the previous code\)/, RELOAD_TIMEOUT_MS, from);
    const res = await get("/api/v1/buckets");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ edited: 1 });
    expect(reloads()).toBe(1);
  }, RELOAD_TIMEOUT_MS + 10_000);

  it("serves the fixed code once it compiles", async () => {
    writeFileSync(HANDLER, edited(3));
    expect((await untilBody({ edited: 3 }, RELOAD_TIMEOUT_MS)).every((status) => status === 200)).toBe(true);
    expect(reloads()).toBe(2);
    expect((await get("/api/v1/buckets/kept-across-reloads", "HEAD")).status).toBe(200);
  }, RELOAD_TIMEOUT_MS + 10_000);

  it("keeps the previous code serving when new code compiles but throws while loading", async () => {
    const file = join(project, "packages/local/src/local-settings.ts");
    const original = readFileSync(file, "utf8");
    const from = output.length;
    writeFileSync(file, `${original}\nthrow new Error("broken while loading");\n`);
    await waitForOutput(/the new code failed to load: .*\(still serving the previous code\)/, RELOAD_TIMEOUT_MS, from);
    expect(output.slice(from)).toContain("broken while loading");
    expect(await (await get("/api/v1/buckets")).json()).toEqual({ edited: 3 });
    writeFileSync(file, original);
    await waitForOutput(/the code compiles again and is unchanged; nothing to reload/, RELOAD_TIMEOUT_MS, from);
    expect(reloads()).toBe(2);
  }, 2 * RELOAD_TIMEOUT_MS + 10_000);

  it("starts the server process again when it dies", async () => {
    const before = output.length;
    writeFileSync(HANDLER, "export const handler = async () => process.exit(3);\n");
    await waitForOutput(/reloaded in [\d.]+ s, requests held for [\d.]+ s \(packages\/functions\/src\/list-buckets\.ts\)/, RELOAD_TIMEOUT_MS, before);
    const from = output.length;
    const crashed = await get("/api/v1/buckets");
    expect(crashed.status).toBe(502);
    expect(await crashed.json()).toMatchObject({ code: "DevServerUnavailable" });
    await waitForOutput(/the server process exited unexpectedly \(3\); starting it again\n[\s\S]*reloaded in /, RELOAD_TIMEOUT_MS, from);
    expect((await get("/api/v1/buckets/kept-across-reloads", "HEAD")).status).toBe(200);
  }, 2 * RELOAD_TIMEOUT_MS + 10_000);

  it("stops on SIGTERM and releases the store's data dir", async () => {
    const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
    dev.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, "store/store.lock"))).toBe(false);
    await expect(fetch(`${base}/api/v1/buckets`)).rejects.toThrow();
  }, 30_000);
});
