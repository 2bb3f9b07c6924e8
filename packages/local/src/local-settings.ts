import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_PORT } from "./dev-issuer";

/** The repository root (this file lives in packages/local/src). */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

/** Where the embedded store and the dev issuer key live: RAHCP_DATA_DIR or `.data/` at the repo root (git-ignored). */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.RAHCP_DATA_DIR ? resolve(env.RAHCP_DATA_DIR) : resolve(REPO_ROOT, ".data");
}

export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PORT;
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number (0-65535), not "${raw}"`);
  return port;
}
