import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type BrowserContext } from "playwright-core";

/** Headless, and quiet: no first-run UI, no background calls to Google services. */
const CHROMIUM_ARGS = [
  "--headless",
  // As root (CI here) the sandbox refuses to start; on ubuntu-latest, AppArmor blocks the user
  // namespaces it needs.
  "--no-sandbox",
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

let executable: string | undefined;

/**
 * The browser to drive: CHROMIUM_PATH, or an installed chromium / chromium-browser / google-chrome,
 * installing Debian's chromium only when none is found (the same script `npm test`'s pretest
 * runs, so a direct `vitest run` works too). Never skips: a browser that cannot be had fails the test.
 */
export async function ensureChromium(): Promise<string> {
  if (executable) return executable;
  try {
    const { stdout } = await promisify(execFile)("bash", [ENSURE_SCRIPT], { timeout: INSTALL_TIMEOUT_MS - 5_000 });
    const path = stdout.trim().split("\n").at(-1) ?? "";
    if (!path.startsWith("/")) throw new Error(`ensure-chromium.sh printed no browser path (got "${stdout.trim()}")`);
    executable = path;
    return path;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const reason = stderr || (error instanceof Error ? error.message : String(error));
    throw new Error(`Chrome or Chromium is required for the docs-page browser test and is not available: ${reason}`);
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile per run: no cached assets, stored authorization or cookies from earlier runs. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await ensureChromium();
  const profile = await mkdtemp(join(tmpdir(), "rahcp-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      timeout: 30_000,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(`${executablePath} did not start: ${reason}`);
  }
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
