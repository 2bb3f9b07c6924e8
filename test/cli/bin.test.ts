import { execFile } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli, NOTICES_FILE } from "../../packages/cli/scripts/bundle";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { nodeBinaries } from "../support/processes";
import { sandbox, type Sandbox } from "./harness";

const REPO = join(import.meta.dirname, "../..");
/** The bundle npm links as `rahcp` (built by the root `prepare` at npm ci, and by vitest's global setup). */
const BIN = join(REPO, "packages/cli/dist/rahcp.js");
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO, "packages/cli/package.json"), "utf8")) as { version: string }).version;

let api: LocalApi;
let box: Sandbox;

beforeAll(async () => {
  [api, box] = await Promise.all([startLocalApi(), sandbox()]);
  await api.store.createBucket("bin-bucket");
  await api.store.putObject("bin-bucket", "data/a.csv", "a,b\n1,2\n");
});
afterAll(async () => {
  await api?.close();
  await box?.remove();
});

interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
}

async function spawn(file: string, args: string[], env: Record<string, string>): Promise<Spawned> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd: REPO,
      // A clean environment: no RAHCP_* from the developer's shell, a home without ~/.rahcp.
      env: { PATH: process.env.PATH ?? "", HOME: box.dir, RAHCP_CONFIG: box.configPath, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/**
 * Runs a command on a pseudo-terminal (Python's pty module, Debian's python3), types `answer` once
 * the confirmation question appears, and returns everything the terminal showed.
 */
async function onTerminal(argv: string[], answer: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  const driver = `
import os, pty, select, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
out, sent = b"", False
while True:
    ready, _, _ = select.select([fd], [], [], 30)
    if not ready:
        break
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    out += chunk
    if not sent and b"Type the bucket name to confirm: " in out:
        os.write(fd, os.environ["ANSWER"].encode() + b"\\r")
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
`;
  const result = await spawn("/usr/bin/python3", ["-c", driver, ...argv], { ...env, ANSWER: answer });
  return { code: result.code, output: result.stdout };
}

describe("the rahcp bin as a real process", () => {
  const env = () => ({ RAHCP_ENDPOINT: api.url, RAHCP_TOKEN: api.token });

  it.each(nodeBinaries())("runs under %s: the spec's two lines list buckets and objects", async (node) => {
    const buckets = await spawn(node, [BIN, "s3", "ls"], env());
    expect(buckets.stderr).toBe("");
    expect(buckets.code).toBe(0);
    expect(buckets.stdout).toMatch(/^NAME +CREATED \(UTC\)\nbin-bucket +\d{4}-\d{2}-\d{2} \d{2}:\d{2}\n1 bucket, owner /);

    const objects = await spawn(node, [BIN, "s3", "ls", "bin-bucket", "--prefix", "data/"], env());
    expect(objects.code).toBe(0);
    expect(objects.stdout).toMatch(/^LAST MODIFIED \(UTC\) +SIZE {2}KEY\n\d{4}-\d{2}-\d{2} \d{2}:\d{2} +8 B {2}data\/a\.csv\n1 object \(8 B\)\n$/);
  });

  it("passes exit codes to the shell: 1 for a missing bucket, 3 for a bad token", async () => {
    const missing = await spawn(process.execPath, [BIN, "s3", "exists", "bin-missing"], env());
    expect(missing).toEqual({ code: 1, stdout: "Bucket bin-missing does not exist\n", stderr: "" });
    const bad = await spawn(process.execPath, [BIN, "s3", "ls"], { ...env(), RAHCP_TOKEN: "expired-or-garbage" });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^rahcp: authentication failed: Token is not a well-formed JWT \(Unauthorized, HTTP 401, request id \S+\)\. Check the token/);
  });

  it("rb --force refuses without a terminal (exit 2, nothing deleted)", async () => {
    await api.store.createBucket("bin-force-pipe");
    await api.store.putObject("bin-force-pipe", "k", "v");
    const refused = await spawn(process.execPath, [BIN, "s3", "rb", "bin-force-pipe", "--force"], env());
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^rahcp: refusing to force-delete bucket bin-force-pipe without confirmation: standard input is not a terminal/);
    expect((await api.store.listObjects({ bucket: "bin-force-pipe", maxKeys: 10 })).objects).toHaveLength(1);
  });

  it("rb --force on a terminal reads the typed bucket name, shows progress, and deletes", async () => {
    await api.store.createBucket("bin-force-tty");
    await api.store.putVersioning("bin-force-tty", "Enabled");
    for (let i = 0; i < 3; i++) await api.store.putObject("bin-force-tty", "k", `v${i}`);
    const session = await onTerminal([process.execPath, BIN, "s3", "rb", "bin-force-tty", "--force"], "bin-force-tty", env());
    expect(session.code, session.output).toBe(0);
    // readline draws the line it edits with cursor moves: compare what the user sees.
    const shown = session.output.replace(/\x1b\[\d*[GJK]/g, "");
    expect(shown).toMatch(/It cannot be undone\.\r\nType the bucket name to confirm: bin-force-tty\r+\n/);
    expect(session.output).toContain("\r\x1b[2KEmptying bin-force-tty: 0 versions and markers deleted");
    expect(session.output).toMatch(/Deleted bucket bin-force-tty and its 3 versions and delete markers \(1 request, \d+\.\d s\)\r?\n$/);
    expect((await api.store.listBuckets()).buckets.map((b) => b.name)).not.toContain("bin-force-tty");

    await api.store.createBucket("bin-force-tty-no");
    const declined = await onTerminal([process.execPath, BIN, "s3", "rb", "bin-force-tty-no", "--force"], "no", env());
    expect(declined.code, declined.output).toBe(2);
    expect(declined.output).toContain('rahcp: "no" is not the bucket\'s name: nothing was deleted');
    expect((await api.store.listBuckets()).buckets.map((b) => b.name)).toContain("bin-force-tty-no");
  });

  it("is linked as `npx rahcp` at the repository root, to the bundle", async () => {
    const npx = join(REPO, "node_modules/.bin/rahcp");
    expect(existsSync(npx)).toBe(true);
    expect(realpathSync(npx)).toBe(realpathSync(BIN));
    const result = await spawn("npx", ["--no-install", "rahcp", "--help"], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: rahcp \[options\] \[command\]/);
  });

  it("is one executable JavaScript file with a shebang that prints the package's version", async () => {
    const text = readFileSync(BIN, "utf8");
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(BIN).mode & 0o111).toBe(0o111);
    for (const node of nodeBinaries()) {
      expect(await spawn(node, [BIN, "--version"], {}), node).toEqual({ code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: "" });
    }
  });

  it("leaves nothing to resolve at run time but Node built-ins (no loader, no dependency)", async () => {
    const built = await bundleCli(join(box.dir, "bundle/rahcp.js"));
    expect(built.imports.length).toBeGreaterThan(0);
    expect(built.imports.filter((specifier) => !isBuiltin(specifier))).toEqual([]);
    expect(built.packages.map((p) => p.replace(/@[^@]+$/, ""))).toEqual(["commander", "yaml"]);
    expect(readFileSync(join(box.dir, "bundle", NOTICES_FILE), "utf8")).toMatch(/commander@[\d.]+ \(MIT\)[\s\S]*Permission is hereby granted/);
  });
});
