import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeOpenApiDocument } from "@rahcp/openapi";

/**
 * Third-party linters on the generated OpenAPI document, as its users would run them: Redocly CLI
 * (recommended rules) and Spectral (spectral:oas), both pinned by the lockfile, with the configs in
 * packages/openapi/lint. No problem of any severity is accepted; a rule switched off says why.
 * Both run offline: a preloaded guard refuses any connection that is not loopback.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LINT_DIR = join(ROOT, "packages/openapi/lint");
const OFFLINE_GUARD = fileURLToPath(new URL("./support/offline.cjs", import.meta.url));
const require = createRequire(import.meta.url);
const REDOCLY = join(dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");
const SPECTRAL = join(dirname(require.resolve("@stoplight/spectral-cli/package.json")), "dist/index.js");
const TIMEOUT_MS = 60_000;

let dir: string;
let documentFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rahcp-lint-"));
  documentFile = join(dir, "openapi.json");
  await writeFile(documentFile, serializeOpenApiDocument());
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a linter's CLI on this Node with the offline guard preloaded, in the temp dir (no config found by accident). */
async function lint(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--require", OFFLINE_GUARD, script, ...args], {
      cwd: dir,
      timeout: TIMEOUT_MS - 5_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

const redocly = (config: string, env: Record<string, string> = { REDOCLY_TELEMETRY: "off" }) =>
  lint(REDOCLY, ["lint", documentFile, "--config", config, "--format=json"], env);

describe("the OpenAPI document under third-party linters", () => {
  it("Redocly CLI, recommended rules: 0 errors, 0 warnings, nothing ignored, no network", { timeout: TIMEOUT_MS }, async () => {
    const run = await redocly(join(LINT_DIR, "redocly.yaml"));
    expect(run.stderr).not.toContain("OFFLINE-GUARD");
    const report = JSON.parse(run.stdout) as { totals: Record<string, number>; problems: unknown[]; version: string };
    expect(report.problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(report.version).toBe("2.77.0");
    expect(run.code).toBe(0);
  });

  it("Spectral, spectral:oas: no result of any severity, no network", { timeout: TIMEOUT_MS }, async () => {
    const output = join(dir, "spectral.json");
    const run = await lint(SPECTRAL, ["lint", documentFile, "--ruleset", join(LINT_DIR, "spectral.yaml"), "--format", "json", "--output", output, "--fail-severity", "hint"]);
    expect(run.stderr).not.toContain("OFFLINE-GUARD");
    expect(JSON.parse(await readFile(output, "utf8"))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("the configs switch rules off only with a reason on the line above", async () => {
    for (const file of ["redocly.yaml", "spectral.yaml"]) {
      const lines = (await readFile(join(LINT_DIR, file), "utf8")).split("\n");
      lines.forEach((line, i) => {
        if (/:\s*off\s*$/.test(line) && !/^telemetry:/.test(line)) expect(lines[i - 1], `${file}: ${line.trim()}`).toMatch(/^\s*# \S.{10,}/);
      });
    }
  });

  it("the guard does catch a linter reaching out: Redocly with its telemetry on tries otel.cloud.redocly.com", { timeout: TIMEOUT_MS }, async () => {
    const plain = join(dir, "telemetry-on.yaml");
    await writeFile(plain, "extends:\n  - recommended\n");
    const run = await redocly(plain, { REDOCLY_TELEMETRY: "" });
    expect(run.stderr).toMatch(/OFFLINE-GUARD: refused (connection to|DNS lookup of) otel\.cloud\.redocly\.com/);
  });
});
