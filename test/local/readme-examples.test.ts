import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { tempDataDir } from "../support/local-api";

/**
 * The README's "Try it" block, run as written (bash, curl, jq, `npm run -s token`) against a
 * fresh local server: self-contained, every call succeeds. Only the port is the test's own.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TIMEOUT_MS = 60_000;

function tryItBlock(): string {
  const readme = readFileSync(`${ROOT}/README.md`, "utf8");
  const section = readme.slice(readme.indexOf("## Try it"), readme.indexOf("### `npm start` in detail"));
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const block = blocks.find((b) => b.includes("TOKEN=$(npm run -s token)"));
  if (!block) throw new Error("README: no Try it block with TOKEN=$(npm run -s token)");
  return block;
}

let server: LocalServer;
let dataDir: string;
let removeDataDir: () => Promise<void>;

beforeAll(async () => {
  ({ dir: dataDir, remove: removeDataDir } = await tempDataDir());
  server = await startLocalServer({ port: 0, dataDir, auth: "dev" });
});

afterAll(async () => {
  await server?.close();
  await removeDataDir?.();
});

describe("README: Try it", () => {
  it("runs as written against a fresh server, each call succeeding, and leaves nothing behind", { timeout: TIMEOUT_MS }, async () => {
    const block = tryItBlock();
    expect(block).toContain("http://localhost:8000");
    const script = `set -euo pipefail\n${block.replaceAll("http://localhost:8000", server.url)}`;
    // The token command reads the server's port and data dir as `npm start` does; the dev issuer is its own.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(server.port), RAHCP_DATA_DIR: dataDir };
    for (const name of ["AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URI", "AUTH_MODE"]) delete env[name];
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile("bash", ["-c", script], { cwd: ROOT, env, timeout: TIMEOUT_MS - 5_000 }, (error, out, err) =>
        error ? reject(new Error(`${error.message}\n${out}\n${err}`)) : resolve(out),
      ),
    );
    // jq pretty-prints each answer; the HEAD check prints its status alone on a line.
    const answers = stdout.split(/\n(?=[{\d])/).map((chunk) => chunk.trim()).filter(Boolean);
    expect(answers.map((a) => (a.startsWith("{") ? Object.keys(JSON.parse(a) as object).sort().join(",") : a))).toEqual([
      "buckets,is_truncated,next_continuation_token,owner",
      "bucket,status",
      "200",
      "status,versioning",
      "bucket,status",
    ]);
    expect(JSON.parse(answers[1]!)).toEqual({ status: "created", bucket: "my-new-bucket" });
    expect(JSON.parse(answers[3]!)).toEqual({ status: "updated", versioning: "Enabled" });
    expect(JSON.parse(answers[4]!)).toEqual({ status: "deleted", bucket: "my-new-bucket" });
    const token = await server.devIssuer!.mint();
    const left = await fetch(`${server.url}/api/v1/buckets`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await left.json()) as { buckets: unknown[] }).buckets).toEqual([]);
  });
});
