import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "./exit-codes";

/**
 * ~/.rahcp/config.yaml (or $RAHCP_CONFIG):
 *
 *   default_profile: local
 *   profiles:
 *     local:
 *       endpoint: http://localhost:8000
 *       token: eyJ...
 *     prod:
 *       endpoint: https://buckets.example.com
 *       timeout: 60
 */

export interface Profile {
  endpoint?: string;
  token?: string;
  /** Seconds per request attempt. */
  timeout?: number;
  retries?: number;
}

export interface ConfigFile {
  path: string;
  /** False when the file does not exist (an empty configuration). */
  found: boolean;
  defaultProfile: string | undefined;
  profiles: Record<string, Profile>;
}

export const CONFIG_HELP = `Configuration (lowest to highest precedence):
  config file  ~/.rahcp/config.yaml, or the file named by RAHCP_CONFIG:
                 default_profile: local
                 profiles:
                   local:
                     endpoint: http://localhost:8000
                     token: <JWT>
                     timeout: 30     # seconds per attempt (optional)
                     retries: 3      # retries of idempotent calls (optional)
               The profile is --profile, else RAHCP_PROFILE, else default_profile, else "default".
  environment  RAHCP_ENDPOINT, RAHCP_TOKEN, RAHCP_PROFILE, RAHCP_CONFIG
  flags        --endpoint, --token, --timeout, --retries`;

export function configPath(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  return env["RAHCP_CONFIG"] || join(homeDir, ".rahcp", "config.yaml");
}

const PROFILE_KEYS = new Set(["endpoint", "token", "timeout", "retries"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkProfile(name: string, raw: unknown, path: string): Profile {
  const where = `${path}: profile "${name}"`;
  if (!isRecord(raw)) throw new UsageError(`${where} must be a mapping of endpoint, token, timeout, retries`);
  const unknown = Object.keys(raw).filter((key) => !PROFILE_KEYS.has(key));
  if (unknown.length > 0) throw new UsageError(`${where} has unknown key(s): ${unknown.join(", ")} (known: endpoint, token, timeout, retries)`);
  const profile: Profile = {};
  for (const key of ["endpoint", "token"] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") throw new UsageError(`${where}: ${key} must be a string`);
    profile[key] = value;
  }
  for (const key of ["timeout", "retries"] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new UsageError(`${where}: ${key} must be a non-negative number`);
    profile[key] = value;
  }
  return profile;
}

export async function loadConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { path, found: false, defaultProfile: undefined, profiles: {} };
    throw new UsageError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  // Loaded only when there is a file to parse: evaluating yaml costs every other start ≈ 7 ms of CPU.
  const { parse } = await import("yaml");
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new UsageError(`config file ${path} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (raw === null || raw === undefined) return { path, found: true, defaultProfile: undefined, profiles: {} };
  if (!isRecord(raw)) throw new UsageError(`config file ${path} must be a mapping with a "profiles" key`);
  const { default_profile: defaultProfile, profiles = {} } = raw;
  if (defaultProfile !== undefined && typeof defaultProfile !== "string") throw new UsageError(`${path}: default_profile must be a string`);
  if (!isRecord(profiles)) throw new UsageError(`${path}: profiles must be a mapping of profile names`);
  const checked: Record<string, Profile> = {};
  for (const [name, profile] of Object.entries(profiles)) checked[name] = checkProfile(name, profile, path);
  return { path, found: true, defaultProfile, profiles: checked };
}
