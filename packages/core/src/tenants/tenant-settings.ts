import type { Parsed } from "../settings/env";
import { DEFAULT_TENANT, tenantNameProblem } from "./tenant-name";

/** How the API reaches one HCP tenant: its own S3 endpoint and its own key pair. */
export interface TenantConnection {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Signing region; the shared HCP_REGION when absent. */
  readonly region?: string;
}

export type TenantConnections = ReadonlyMap<string, TenantConnection>;

/** Where tenant connections come from, as the settings name them (SST secret / environment variable). */
export interface TenantSources {
  /** HcpTenants / HCP_TENANTS: `{"<tenant>": {"endpoint", "accessKeyId", "secretAccessKey"}}`. */
  tenantsJson?: string | undefined;
  /** The single-tenant form (tenant `default`): HcpEndpoint, HcpAccessKeyId, HcpSecretAccessKey. */
  endpoint?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

export type { Parsed } from "../settings/env";

/**
 * Each tenant setting's SST secret (infra/secrets.ts; `SST_SECRET_<name>` at deploy time) and the
 * environment variable that stands in for it off SST (local server, tests).
 */
export const TENANT_SECRETS = {
  tenantsJson: { secret: "HcpTenants", env: "HCP_TENANTS" },
  endpoint: { secret: "HcpEndpoint", env: "HCP_ENDPOINT" },
  accessKeyId: { secret: "HcpAccessKeyId", env: "HCP_ACCESS_KEY_ID" },
  secretAccessKey: { secret: "HcpSecretAccessKey", env: "HCP_SECRET_ACCESS_KEY" },
} as const satisfies Record<keyof TenantSources, { secret: string; env: string }>;

const named = (field: keyof typeof TENANT_SECRETS) => `${TENANT_SECRETS[field].secret} (${TENANT_SECRETS[field].env})`;
const CONNECTION_FIELDS = new Set(["endpoint", "accessKeyId", "secretAccessKey", "region"]);
const TENANTS = named("tenantsJson");
const TRIO_SECRETS = [TENANT_SECRETS.endpoint, TENANT_SECRETS.accessKeyId, TENANT_SECRETS.secretAccessKey];
const TRIO_NAMES = `${TRIO_SECRETS.slice(0, -1).map((s) => s.secret).join(", ")} and ${TRIO_SECRETS.at(-1)!.secret}`;
const TRIO = `${TRIO_NAMES} (${TRIO_SECRETS.map((s) => s.env).join(", ")})`;

/** Neither form is set: the functions answer 500, the deploy refuses the stage. */
export const NO_TENANT = `no HCP tenant is configured: set ${TENANT_SECRETS.tenantsJson.secret}, or ${TRIO_NAMES}`;

function endpointProblem(endpoint: string): string | undefined {
  if (!URL.canParse(endpoint)) return "is not a URL";
  const url = new URL(endpoint);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.username || url.password) return "must not carry credentials";
  if (url.pathname !== "/" || url.search || url.hash) return "must be the tenant's S3 endpoint without a path (HCP addresses buckets path-style under it)";
  return undefined;
}

function connectionOf(name: string, raw: unknown, problems: string[]): TenantConnection | undefined {
  const at = `${TENANTS} tenant '${name.slice(0, 64)}'`;
  const before = problems.length;
  const nameProblem = tenantNameProblem(name);
  if (nameProblem) problems.push(`${at}: the name ${nameProblem}`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${at}: must be an object with endpoint, accessKeyId and secretAccessKey`);
    return undefined;
  }
  const fields = raw as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!CONNECTION_FIELDS.has(key)) problems.push(`${at}: unknown field '${key.slice(0, 64)}'`);
  const text = (field: string, required: boolean): string | undefined => {
    const value = fields[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== "string" || value === "") {
      problems.push(`${at}: ${field} must be a non-empty string`); // never the value: it may be a secret
      return undefined;
    }
    return value;
  };
  const endpoint = text("endpoint", true);
  const accessKeyId = text("accessKeyId", true);
  const secretAccessKey = text("secretAccessKey", true);
  const region = text("region", false);
  const badEndpoint = endpoint === undefined ? undefined : endpointProblem(endpoint);
  if (badEndpoint) problems.push(`${at}: endpoint ${badEndpoint}`);
  if (problems.length > before) return undefined;
  return { endpoint: endpoint!, accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, ...(region ? { region } : {}) };
}

/**
 * The tenants a deployment serves, from either form of its settings; an empty map when neither is
 * set (the caller decides what that means). Problems never quote a key or a secret.
 */
export function parseTenantConnections(sources: TenantSources): Parsed<TenantConnections> {
  const trioSet = [sources.endpoint, sources.accessKeyId, sources.secretAccessKey].some((v) => v !== undefined && v !== "");
  if (sources.tenantsJson) {
    if (trioSet) return { ok: false, problems: [`set either ${TENANTS} or ${TRIO}, not both`] };
    let document: unknown;
    try {
      document = JSON.parse(sources.tenantsJson);
    } catch {
      return { ok: false, problems: [`${TENANTS} is not valid JSON`] };
    }
    if (typeof document !== "object" || document === null || Array.isArray(document) || Object.keys(document).length === 0) {
      return { ok: false, problems: [`${TENANTS} must be a JSON object with at least one tenant`] };
    }
    const problems: string[] = [];
    const connections = new Map<string, TenantConnection>();
    for (const [name, raw] of Object.entries(document)) {
      const connection = connectionOf(name, raw, problems);
      if (connection) connections.set(name, connection);
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: connections };
  }
  if (!trioSet) return { ok: true, value: new Map() };
  const missing = (
    [
      [named("endpoint"), sources.endpoint],
      [named("accessKeyId"), sources.accessKeyId],
      [named("secretAccessKey"), sources.secretAccessKey],
    ] as const
  ).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) return { ok: false, problems: [`the single-tenant form needs all of ${TRIO}; missing: ${missing.join(", ")}`] };
  const badEndpoint = endpointProblem(sources.endpoint!);
  if (badEndpoint) return { ok: false, problems: [`${named("endpoint")} ${badEndpoint}`] };
  return {
    ok: true,
    value: new Map([[DEFAULT_TENANT, { endpoint: sources.endpoint!, accessKeyId: sources.accessKeyId!, secretAccessKey: sources.secretAccessKey! }]]),
  };
}
