import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's chromium package (installed by scripts/ensure-chromium.sh), not a downloaded browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless, and quiet: no first-run UI, no background calls to Google services. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox", // tests run as root in CI containers, where the sandbox cannot start
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const ENSURE_SCRIPT = fileURLToPath(new URL("../../scripts/ensure-chromium.sh", import.meta.url));

/** apt-get update + install of chromium and its libraries on a fresh machine. */
export const INSTALL_TIMEOUT_MS = 300_000;

/**
 * Installs chromium when it is missing (the same script `npm test`'s pretest runs, so a direct
 * `vitest run` works too). Never skips: a browser that cannot be had fails the test, in CI and out.
 */
export async function ensureChromium(): Promise<void> {
  try {
    await promisify(execFile)("bash", [ENSURE_SCRIPT], {
      env: { ...process.env, CHROMIUM_PATH },
      timeout: INSTALL_TIMEOUT_MS - 5_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const reason = stderr || (error instanceof Error ? error.message : String(error));
    throw new Error(`Chromium is required for the docs-page browser test and is not available: ${reason}`);
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile per run: no cached assets, stored authorization or cookies from earlier runs. */
export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "rahcp-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      timeout: 30_000,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(`${CHROMIUM_PATH} did not start: ${reason}`);
  }
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
