import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";

/**
 * The Python SDK's pytest suite (packages/python/tests) as part of `npm test`: Debian's Python,
 * never the pyenv one first on PATH (it does not see Debian's packages). Its output is shown when
 * it fails.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PYTHON = "/usr/bin/python3";
const ENSURE_SCRIPT = fileURLToPath(new URL("../../scripts/ensure-python.sh", import.meta.url));
const INSTALL_TIMEOUT_MS = 300_000;
const SUITE_TIMEOUT_MS = 300_000;

interface Run {
  code: number;
  output: string;
}

async function run(command: string, args: string[], timeout: number): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: ROOT,
      timeout,
      maxBuffer: 16 * 1024 * 1024,
      // No __pycache__ in the source tree; the suite mints its own tokens and servers.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONPATH: "" },
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean; signal?: string };
    const reason = failure.killed ? `killed (${failure.signal ?? "timeout"})` : `exit ${String(failure.code)}`;
    return { code: typeof failure.code === "number" ? failure.code : -1, output: `[${reason}]\n${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

beforeAll(async () => {
  // The same script as `npm test`'s pretest, so a direct `vitest run test/python` works too.
  const ensured = await run("bash", [ENSURE_SCRIPT], INSTALL_TIMEOUT_MS - 5_000);
  if (ensured.code !== 0) throw new Error(`scripts/ensure-python.sh failed:\n${ensured.output}`);
}, INSTALL_TIMEOUT_MS);

it(
  "the Python SDK's pytest suite passes",
  async () => {
    const result = await run(PYTHON, ["-m", "pytest", "packages/python/tests", "-q", "-rfE", "--color=no"], SUITE_TIMEOUT_MS - 5_000);
    if (result.code !== 0) expect.fail(`pytest failed (${result.code}):\n${result.output}`);
    // Only passes: "N passed in …", with no skipped, xfailed or deselected count beside it.
    expect(result.output).toMatch(/^\d+ passed in [\d.]+s/m);
  },
  SUITE_TIMEOUT_MS,
);
