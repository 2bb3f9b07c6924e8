import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * scripts/ensure-chromium.sh picks the browser the docs-page test drives. Run here with a PATH of
 * stand-in browsers only, so the machine's own chromium cannot answer for them.
 */
const SCRIPT = join(import.meta.dirname, "../../scripts/ensure-chromium.sh");
const bin = mkdtempSync(join(tmpdir(), "rahcp-ensure-chromium-"));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

// The script needs dirname; nothing else on this PATH is a browser.
symlinkSync(spawnSync("bash", ["-c", "command -v dirname"], { encoding: "utf8" }).stdout.trim(), join(bin, "dirname"));

function browser(name: string, works: boolean): string {
  const path = join(bin, name);
  writeFileSync(path, works ? `#!/bin/sh\necho "${name} 1.0"\n` : "#!/bin/sh\necho 'install the snap' >&2\nexit 1\n");
  chmodSync(path, 0o755);
  return path;
}

function ensure(env: Record<string, string>) {
  const run = spawnSync("/bin/bash", [SCRIPT], { env: { PATH: bin, ...env }, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("ensure-chromium.sh", () => {
  it("uses CHROMIUM_PATH when set, and prints only its path", () => {
    const own = browser("my-chrome", true);
    expect(ensure({ CHROMIUM_PATH: own })).toEqual({ status: 0, stdout: `${own}\n`, stderr: "" });
  });

  it("fails, instead of falling back, when CHROMIUM_PATH does not start", () => {
    const broken = browser("broken-chrome", false);
    const run = ensure({ CHROMIUM_PATH: broken });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`CHROMIUM_PATH=${broken} does not start`);
    expect(ensure({ CHROMIUM_PATH: join(bin, "missing") }).stderr).toContain("is not an executable file");
  });

  it("finds an installed browser on PATH, skipping one that cannot start (GitHub's runners have google-chrome)", () => {
    browser("chromium-browser", false);
    const chrome = browser("google-chrome", true);
    expect(ensure({})).toEqual({ status: 0, stdout: `${chrome}\n`, stderr: "" });
    const chromium = browser("chromium", true);
    expect(ensure({}).stdout).toBe(`${chromium}\n`);
  });
});
