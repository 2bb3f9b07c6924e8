import { singleTenant } from "@rahcp/core";
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { promisify } from "node:util";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { parseScopes, parseTokenArgs, parseTtl } from "@rahcp/local/token-args";
import { tempDataDir } from "../support/local-api";
import { MemoryBucketStore } from "./memory-store";

const run = promisify(execFile);

let server: LocalServer;
let dataDir: string;
let removeDataDir: () => Promise<void>;

beforeAll(async () => {
  ({ dir: dataDir, remove: removeDataDir } = await tempDataDir());
  server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants: singleTenant(new MemoryBucketStore()), auth: "dev" });
});

afterAll(async () => {
  await server?.close();
  await removeDataDir?.();
});

/** Runs the token command exactly as documented, against this test's server. */
function tokenCli(args: string[], env: Record<string, string> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(server.port), RAHCP_DATA_DIR: dataDir, ...env };
  for (const name of ["AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URI", "AUTH_MODE"]) if (!(name in env)) delete childEnv[name];
  return run("npx", ["tsx", "packages/local/src/token-cli.ts", ...args], { env: childEnv, cwd: process.cwd() }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe("npm run token (packages/local/src/token-cli.ts)", () => {
  it("prints only a token that the server accepts, with all bucket scopes for an hour by default", async () => {
    const { code, stdout } = await tokenCli([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = stdout.trim();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: `http://localhost:${server.port}`, aud: "rahcp-local", sub: "local-dev" });
    expect(claims.scope).toBe("buckets:read buckets:write buckets:admin");
    expect(claims.exp! - claims.iat!).toBe(3600);
    const res = await fetch(`${server.url}/api/v1/buckets`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    // No second key was created next to the server's.
    expect((await readdir(`${dataDir}/dev-issuer`)).filter((f) => !f.startsWith("."))).toEqual(["private-key.pem"]);
  });

  it("honours --scope, --sub and --ttl", async () => {
    const { code, stdout } = await tokenCli(["--scope", "read", "--sub", "alice", "--ttl", "15m"]);
    expect(code).toBe(0);
    const token = stdout.trim();
    expect(decodeJwt(token)).toMatchObject({ sub: "alice", scope: "buckets:read" });
    expect(decodeJwt(token).exp! - decodeJwt(token).iat!).toBe(900);
    const read = await fetch(`${server.url}/api/v1/buckets`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    const write = await fetch(`${server.url}/api/v1/buckets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ bucket: "cli-bucket" }),
    });
    expect(write.status).toBe(403);
  });

  it("fills the groups and tenant claims with --group and --tenant (names as configured)", async () => {
    const { code, stdout } = await tokenCli(["--sub", "alice", "--group", "team-a", "--group", "ops,audit", "--tenant", "archive", "--client", "cli", "--scope", "read,write"]);
    expect(code).toBe(0);
    expect(decodeJwt(stdout.trim())).toMatchObject({ sub: "alice", groups: ["team-a", "ops", "audit"], tenant: "archive", client_id: "cli", scope: "buckets:read buckets:write" });
    const renamed = await tokenCli(["--group", "team-a", "--tenant", "archive"], { AUTH_GROUPS_CLAIM: "cognito:groups", AUTH_TENANT_CLAIM: "hcp_tenant" });
    expect(decodeJwt(renamed.stdout.trim())).toMatchObject({ "cognito:groups": ["team-a"], hcp_tenant: "archive" });
    expect(decodeJwt(renamed.stdout.trim())).not.toHaveProperty("groups");
  });

  it("refuses a --ttl longer than the API accepts (AUTH_MAX_TOKEN_LIFETIME_S, default 24 h)", async () => {
    const long = await tokenCli(["--ttl", "25h"]);
    expect(long.code).toBe(2);
    expect(long.stdout).toBe("");
    expect(long.stderr).toContain("--ttl 25h is longer than the 86400 seconds the API accepts (AUTH_MAX_TOKEN_LIFETIME_S)");
    expect((await tokenCli(["--ttl", "24h"])).code).toBe(0);
    expect((await tokenCli(["--ttl", "2h"], { AUTH_MAX_TOKEN_LIFETIME_S: "3600" })).code).toBe(2);
  });

  it("prints help on --help and refuses bad flags with exit code 2 and nothing on stdout", async () => {
    const help = await tokenCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--scope");
    const bad = await tokenCli(["--ttl", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("--ttl");
  });

  it("refuses to mint when AUTH_ISSUER points at another identity provider", async () => {
    const { code, stdout, stderr } = await tokenCli([], { AUTH_ISSUER: "https://idp.example.invalid" });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("AUTH_ISSUER");
  });
});

describe("token argument parsing", () => {
  it("parses durations", () => {
    expect(parseTtl("3600")).toBe(3600);
    expect(parseTtl("90s")).toBe(90);
    expect(parseTtl("15m")).toBe(900);
    expect(parseTtl("1h")).toBe(3600);
    expect(parseTtl("2d")).toBe(172_800);
    for (const bad of ["0", "-5", "1w", "1.5h", "", "h"]) expect(() => parseTtl(bad), bad).toThrow(/--ttl/);
  });

  it("expands scope shorthands, comma lists and repeats; honours AUTH_SCOPE_*", () => {
    expect(parseScopes([], {})).toEqual(["buckets:read", "buckets:write", "buckets:admin"]);
    expect(parseScopes(["read,write", "read"], {})).toEqual(["buckets:read", "buckets:write"]);
    expect(parseScopes(["custom:scope"], {})).toEqual(["custom:scope"]);
    expect(parseScopes(["none"], {})).toEqual([]);
    expect(parseScopes(["admin"], { AUTH_SCOPE_ADMIN: "rahcp/buckets.admin" })).toEqual(["rahcp/buckets.admin"]);
  });

  it("rejects unknown flags and empty subjects", () => {
    expect(() => parseTokenArgs(["--scopes", "read"])).toThrow();
    expect(() => parseTokenArgs(["--sub", ""])).toThrow(/--sub/);
    expect(parseTokenArgs(["-h"])).toEqual({ help: true });
  });
});
