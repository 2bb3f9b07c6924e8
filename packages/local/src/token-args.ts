import { parseArgs } from "node:util";
import { PERMISSIONS, tokenRules, type Permission } from "@rahcp/core";

export const TOKEN_USAGE = `Usage: npm run -s token -- [--scope SCOPE]... [--sub SUBJECT] [--group GROUP]... [--tenant TENANT]
                          [--client CLIENT] [--ttl DURATION]

Prints a signed development token for the local server (npm start) on stdout.

  --scope SCOPE   scope to grant; repeatable or comma-separated. "read", "write" and
                  "admin" stand for the configured bucket scopes. Default: all three.
                  --scope none grants no scope at all.
  --sub SUBJECT   token subject (default: local-dev)
  --group GROUP   a group in the groups claim (AUTH_GROUPS_CLAIM, default "groups");
                  repeatable or comma-separated. Default: no groups claim.
  --tenant NAME   the tenant claim (AUTH_TENANT_CLAIM, default "tenant"). Default: none,
                  which the local embedded store serves as tenant "default".
  --client ID     the client_id claim (access policy rules can name clients)
  --ttl DURATION  lifetime: seconds, or a number with s, m, h or d (default: 1h; at most
                  AUTH_MAX_TOKEN_LIFETIME_S, default 24h, which the API enforces)
  -h, --help      show this help

Environment: PORT (default 8000) and RAHCP_DATA_DIR (default .data/) must match the server's.
Example: TOKEN=$(npm run -s token) && curl -H "Authorization: Bearer $TOKEN" http://localhost:8000/api/v1/buckets
         npm run -s token -- --sub alice --group team-a --tenant archive --scope read,write`;

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
  const names = tokenRules(env).scopes;
  if (values.length === 0) return Object.values(names);
  const scopes = values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
  if (scopes.length === 1 && scopes[0] === "none") return [];
  const isPermission = (s: string): s is Permission => (PERMISSIONS as readonly string[]).includes(s);
  return [...new Set(scopes.map((s) => (isPermission(s) ? names[s] : s)))];
}

export type TokenArgs =
  | { help: true }
  | { help: false; scopes: string[]; subject: string; lifetimeSeconds: number; groups?: string[]; tenant?: string; clientId?: string };

export function parseTokenArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): TokenArgs {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        scope: { type: "string", multiple: true },
        sub: { type: "string" },
        group: { type: "string", multiple: true },
        tenant: { type: "string" },
        client: { type: "string" },
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
  if (values.tenant !== undefined && values.tenant.trim() === "") throw new UsageError("--tenant must not be empty");
  if (values.client !== undefined && values.client.trim() === "") throw new UsageError("--client must not be empty");
  const lifetimeSeconds = parseTtl(values.ttl ?? "1h");
  const max = tokenRules(env).maxTokenLifetimeSeconds;
  if (lifetimeSeconds > max) {
    throw new UsageError(`--ttl ${values.ttl} is longer than the ${max} seconds the API accepts (AUTH_MAX_TOKEN_LIFETIME_S)`);
  }
  const groups = values.group?.flatMap((g) => g.split(",")).map((g) => g.trim()).filter(Boolean);
  return {
    help: false,
    scopes: parseScopes(values.scope ?? [], env),
    subject: values.sub ?? "local-dev",
    lifetimeSeconds,
    ...(groups !== undefined ? { groups } : {}),
    ...(values.tenant !== undefined ? { tenant: values.tenant } : {}),
    ...(values.client !== undefined ? { clientId: values.client } : {}),
  };
}
