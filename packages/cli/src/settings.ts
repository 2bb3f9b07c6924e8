import { RahcpClient, type FetchLike } from "@rahcp/client";
import { configPath, loadConfigFile, type Profile } from "./config-file";
import { MissingTokenError, UsageError } from "./exit-codes";
import type { CliIo } from "./io";

/** Global flags as commander parsed them. */
export interface GlobalFlags {
  endpoint?: string;
  token?: string;
  profile?: string;
  json?: boolean;
  timeout?: number;
  retries?: number;
}

export interface Settings {
  endpoint: string | undefined;
  token: string | undefined;
  timeoutSeconds: number;
  retries: number;
  profile: string;
  /** Where each value came from, for `rahcp config show`. */
  sources: Record<"endpoint" | "token" | "timeout" | "retries", string>;
  configPath: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_RETRIES = 3;

/** Flag > environment > config profile > default, field by field. */
export async function resolveSettings(flags: GlobalFlags, io: CliIo): Promise<Settings> {
  const path = configPath(io.env, io.homeDir);
  const config = await loadConfigFile(path);
  const requested = flags.profile ?? (io.env["RAHCP_PROFILE"] || undefined);
  const profileName = requested ?? config.defaultProfile ?? "default";
  const profile: Profile | undefined = config.profiles[profileName];
  if (!profile && (requested !== undefined || config.defaultProfile !== undefined)) {
    const known = Object.keys(config.profiles);
    const where = config.found ? path : `${path} (file not found)`;
    throw new UsageError(`profile "${profileName}" is not defined in ${where}${known.length ? `; known profiles: ${known.join(", ")}` : ""}`);
  }
  const sources = {} as Settings["sources"];
  function pick<T>(key: keyof Settings["sources"], flag: T | undefined, envName: string | undefined, fromProfile: T | undefined, fallback: T): T;
  function pick<T>(key: keyof Settings["sources"], flag: T | undefined, envName: string | undefined, fromProfile: T | undefined): T | undefined;
  function pick<T>(key: keyof Settings["sources"], flag: T | undefined, envName: string | undefined, fromProfile: T | undefined, fallback?: T): T | undefined {
    const envValue = envName ? io.env[envName] || undefined : undefined;
    if (flag !== undefined) return (sources[key] = "flag"), flag;
    if (envValue !== undefined) return (sources[key] = `env ${envName}`), envValue as T;
    if (fromProfile !== undefined) return (sources[key] = `profile "${profileName}" in ${path}`), fromProfile;
    sources[key] = fallback === undefined ? "not set" : "default";
    return fallback;
  }
  return {
    endpoint: pick("endpoint", flags.endpoint, "RAHCP_ENDPOINT", profile?.endpoint),
    token: pick("token", flags.token, "RAHCP_TOKEN", profile?.token),
    timeoutSeconds: pick("timeout", flags.timeout, undefined, profile?.timeout, DEFAULT_TIMEOUT_SECONDS),
    retries: pick("retries", flags.retries, undefined, profile?.retries, DEFAULT_RETRIES),
    profile: profileName,
    sources,
    configPath: path,
  };
}

export function clientFor(settings: Settings, fetch: FetchLike | undefined): RahcpClient {
  if (!settings.endpoint) {
    throw new UsageError(
      `no API endpoint: pass --endpoint URL, set RAHCP_ENDPOINT, or add "endpoint" to profile "${settings.profile}" in ${settings.configPath}`,
    );
  }
  if (!settings.token) {
    throw new MissingTokenError(
      `no token: pass --token, set RAHCP_TOKEN, or add "token" to profile "${settings.profile}" in ${settings.configPath} (local server: npm run token)`,
    );
  }
  return new RahcpClient({
    endpoint: settings.endpoint,
    token: settings.token,
    timeoutMs: Math.max(1, Math.round(settings.timeoutSeconds * 1000)),
    retries: Math.floor(settings.retries),
    ...(fetch ? { fetch } : {}),
  });
}
