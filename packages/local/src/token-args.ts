import { parseArgs } from "node:util";
import { configuredScopes } from "./dev-issuer";

export const TOKEN_USAGE = `Usage: npm run -s token -- [--scope SCOPE]... [--sub SUBJECT] [--ttl DURATION]

Prints a signed development token for the local server (npm start) on stdout.

  --scope SCOPE   scope to grant; repeatable or comma-separated. "read", "write" and
                  "admin" stand for the configured bucket scopes. Default: all three.
                  --scope none grants no scope at all.
  --sub SUBJECT   token subject (default: local-dev)
  --ttl DURATION  lifetime: seconds, or a number with s, m, h or d (default: 1h)
  -h, --help      show this help

Environment: PORT (default 8000) and RAHCP_DATA_DIR (default .data/) must match the server's.
Example: TOKEN=$(npm run -s token) && curl -H "Authorization: Bearer $TOKEN" http://localhost:8000/api/v1/buckets`;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseTtl(raw: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || "s"]! : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new UsageError(`--ttl must be a positive duration like 3600, 15m or 1h, not "${raw}"`);
  }
  return seconds;
}

/** Scope arguments to scope names: repeatable, comma lists, permission shorthands, "none". */
export function parseScopes(values: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const names = configuredScopes(env);
  if (values.length === 0) return Object.values(names);
  const scopes = values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
  if (scopes.length === 1 && scopes[0] === "none") return [];
  return [...new Set(scopes.map((s) => (s === "read" || s === "write" || s === "admin" ? names[s] : s)))];
}

export type TokenArgs = { help: true } | { help: false; scopes: string[]; subject: string; lifetimeSeconds: number };

export function parseTokenArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): TokenArgs {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        scope: { type: "string", multiple: true },
        sub: { type: "string" },
        ttl: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  if (values.sub !== undefined && values.sub.trim() === "") throw new UsageError("--sub must not be empty");
  return {
    help: false,
    scopes: parseScopes(values.scope ?? [], env),
    subject: values.sub ?? "local-dev",
    lifetimeSeconds: parseTtl(values.ttl ?? "1h"),
  };
}
