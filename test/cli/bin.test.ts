import { execFile } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli, NOTICES_FILE } from "../../packages/cli/scripts/bundle";
import { startLocalApi, type LocalApi } from "../client/local-server";
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
