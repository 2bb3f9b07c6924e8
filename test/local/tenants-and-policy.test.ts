import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";
import { tempDataDir } from "../support/local-api";
import { freePort } from "../support/loopback";

let server: LocalServer | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function dataDir(): Promise<string> {
  const data = await tempDataDir();
  cleanups.push(data.remove);
  return data.dir;
}

async function call(path: string, token: string, init: RequestInit = {}) {
  const res = await fetch(`${server!.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

const names = (json: Record<string, unknown> | undefined) => (json?.buckets as { name: string }[]).map((b) => b.name);

describe("the embedded store serves every tenant, each in its own namespace", () => {
  it("keeps data written before tenants existed reachable as tenant 'default'; other tenants start empty", async () => {
    const dir = await dataDir();
    const legacy = await EmbeddedBucketStore.open(join(dir, "store")); // the layout of earlier versions
    await legacy.createBucket("written-before");
    await legacy.close();

    server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dir, auth: "dev" });
    expect(server.storeKind).toBe("embedded");
    const plain = await server.devIssuer!.mint(); // no tenant claim, as every earlier token
    const archive = await server.devIssuer!.mint({ tenant: "archive" });
    expect(names((await call("/api/v1/buckets", plain)).json)).toEqual(["written-before"]);
    expect(names((await call("/api/v1/buckets", await server.devIssuer!.mint({ tenant: "default" }))).json)).toEqual(["written-before"]);
    expect(names((await call("/api/v1/buckets", archive)).json)).toEqual([]);
    expect((await call("/api/v1/buckets", archive, { method: "POST", body: JSON.stringify({ bucket: "written-before" }) })).status).toBe(201);
    await access(join(dir, "store", "tenants", "archive", "buckets", "written-before", "bucket.json"));
    expect((await call("/api/v1/buckets/written-before", plain, { method: "DELETE" })).status).toBe(200);
    expect(names((await call("/api/v1/buckets", archive)).json)).toEqual(["written-before"]);
  });

  it("refuses a tenant claim that cannot be a tenant name", async () => {
    server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: await dataDir(), auth: "dev" });
    const res = await call("/api/v1/buckets", await server.devIssuer!.mint({ tenant: "../etc" }));
    expect(res).toMatchObject({ status: 403, json: { code: "UnknownTenant" } });
  });
});

describe("HCP_TENANTS", () => {
  it("serves exactly the tenants it lists, through core's S3 directory", async () => {
    const [a, b] = [await freePort(), await freePort()];
    vi.stubEnv("S3_MAX_ATTEMPTS", "1");
    vi.stubEnv(
      "HCP_TENANTS",
      JSON.stringify({
        archive: { endpoint: `http://127.0.0.1:${a}`, accessKeyId: "k", secretAccessKey: "s" },
        research: { endpoint: `http://127.0.0.1:${b}`, accessKeyId: "k", secretAccessKey: "s" },
      }),
    );
    server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: await dataDir(), auth: "dev" });
    expect(server.storeKind).toBe("s3");
    expect(server.backend).toBe("S3, tenants archive, research");
    expect((await call("/api/v1/buckets", await server.devIssuer!.mint({ tenant: "research" }))).json?.code).toBe("Unreachable"); // a closed port, as configured
    expect((await call("/api/v1/buckets", await server.devIssuer!.mint({ tenant: "finance" }))).json?.code).toBe("UnknownTenant");
    expect((await call("/api/v1/buckets", await server.devIssuer!.mint())).json?.code).toBe("UnknownTenant");
  });

  it("refuses to start when it does not validate, naming the problem", async () => {
    vi.stubEnv("HCP_TENANTS", JSON.stringify({ archive: { endpoint: "http://127.0.0.1:9" } }));
    await expect(startLocalServer({ port: 0, host: "127.0.0.1", dataDir: await dataDir(), auth: "dev" })).rejects.toThrow(
      "HcpTenants (HCP_TENANTS) tenant 'archive': accessKeyId must be a non-empty string",
    );
  });
});

describe("RAHCP_POLICY", () => {
  const policy = `rules:
  - id: team-a
    who: { group: team-a }
    tenant: default
    buckets: ["team-a-*"]
    allow: [write]
`;

  it("loads a YAML policy at start and enforces it", async () => {
    const dir = await dataDir();
    await writeFile(join(dir, "policy.yaml"), policy);
    vi.stubEnv("RAHCP_POLICY", join(dir, "policy.yaml"));
    server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dir, auth: "dev" });
    expect(server.policy?.rules.map((r) => r.label)).toEqual(["team-a"]);
    const teamA = await server.devIssuer!.mint({ groups: ["team-a"] });
    expect((await call("/api/v1/buckets", teamA, { method: "POST", body: JSON.stringify({ bucket: "team-a-raw" }) })).status).toBe(201);
    expect((await call("/api/v1/buckets", teamA, { method: "POST", body: JSON.stringify({ bucket: "team-b-raw" }) })).json?.code).toBe("BucketAccessDenied");
    expect((await call("/api/v1/buckets", await server.devIssuer!.mint())).json?.buckets).toEqual([]); // no group: no grant
  });

  it("refuses to start on a policy that does not validate, naming file and rule (never allow-all)", async () => {
    const dir = await dataDir();
    await writeFile(join(dir, "policy.yaml"), policy.replace("[write]", "[write, delete]"));
    vi.stubEnv("RAHCP_POLICY", join(dir, "policy.yaml"));
    await expect(startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dir, auth: "dev" })).rejects.toThrow(
      `${join(dir, "policy.yaml")}: rules[0]: allow[1] is "delete"; expected read, write or admin`,
    );
    // Nothing was left half-started.
    server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dir, auth: "dev", policy: null });
    expect(server.policy).toBeUndefined();
  });
});
