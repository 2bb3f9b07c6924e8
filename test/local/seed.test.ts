import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { parseSeedArgs, SEED_USAGE } from "@rahcp/local/seed-args";
import { seedKey } from "@rahcp/local/seed";
import { ApiClient, expectSuccess } from "../contract/api-client";
import { uniqueBucketPrefix } from "../contract/backend";
import { directClient, removeBucketWith, rgwSettingsFromEnv } from "../contract/rgw-backend";
import { FakeS3 } from "../../kit/fake-s3";
import { runProcess, type ProcessResult } from "../support/processes";
import { tempDataDir } from "../support/local-api";

/**
 * `npm run seed` as documented: the real CLI in its own process writes into a backend, then the
 * local server, started on the same settings, lists what it wrote over HTTP and force-deletes it.
 */
const CLI = "packages/local/src/seed-cli.ts";
const BACKEND_VARIABLES = ["HCP_ENDPOINT", "HCP_ACCESS_KEY_ID", "HCP_SECRET_ACCESS_KEY", "HCP_TENANTS", "AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URI", "AUTH_MODE", "RAHCP_POLICY"];

/** Runs the seed CLI with `env` as its only backend settings (nothing inherited from the test's shell). */
function seedCli(args: readonly string[], env: Record<string, string>): Promise<ProcessResult> {
  const childEnv: Record<string, string | undefined> = { ...process.env };
  for (const name of BACKEND_VARIABLES) delete childEnv[name];
  return runProcess(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: process.cwd(), env: { ...childEnv, ...env }, timeoutMs: 120_000 });
}

/** The seed every backend gets, and what the API must then list. */
const SEED = { objects: 25, versions: 3, deleteMarkers: 4, uploads: 2, prefix: "logs/" };
const SEED_ARGS = ["--objects", "25", "--versions", "3", "--delete-markers", "4", "--uploads", "2", "--prefix", "logs/"];

async function allPages<T>(fetchPage: (marker: Record<string, string>) => Promise<{ items: T[]; next: Record<string, string> | undefined }>) {
  const items: T[] = [];
  let marker: Record<string, string> = {};
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(marker);
    items.push(...page.items);
    if (!page.next) return { items, pages };
    marker = page.next;
  }
}

/** Lists the seeded bucket page by page through the API, then force-deletes it (following 202s). */
async function expectSeeded(api: ApiClient, bucket: string): Promise<void> {
  const path = `/api/v1/buckets/${bucket}`;
  expect((await api.ok("getVersioning", `${path}/versioning`)).status).toBe("Enabled");

  const objects = await allPages(async (marker) => {
    const page = await api.ok("listObjects", `${path}/objects`, { query: { prefix: SEED.prefix, max_keys: 10, ...marker } });
    return { items: page.objects.map((o) => o.key), next: page.is_truncated ? { continuation_token: page.next_continuation_token! } : undefined };
  });
  // The delete markers hide the first objects; every other object is listed once, in key order.
  const visible = Array.from({ length: SEED.objects - SEED.deleteMarkers }, (_, i) => seedKey(SEED.prefix, "object", SEED.deleteMarkers + i + 1, SEED.objects));
  expect(objects.items).toEqual(visible);
  expect(objects.pages).toBe(3);

  let markers = 0;
  const versions = await allPages(async (marker) => {
    const page = await api.ok("listVersions", `${path}/versions`, { query: { max_keys: 20, ...marker } });
    markers += page.delete_markers.length;
    const next = page.is_truncated ? { key_marker: page.next_key_marker!, version_id_marker: page.next_version_id_marker! } : undefined;
    return { items: page.versions.map((v) => `${v.key} ${v.version_id}`), next };
  });
  expect(versions.items).toHaveLength(SEED.objects * SEED.versions);
  expect(new Set(versions.items).size).toBe(SEED.objects * SEED.versions);
  expect(markers).toBe(SEED.deleteMarkers);
  expect(versions.items[0]).toMatch(/^logs\/object-0001 /);

  const uploads = await api.ok("listUploads", `${path}/uploads`);
  expect(uploads.uploads.map((u) => u.key)).toEqual(["logs/upload-0001", "logs/upload-0002"]);

  // The newcomer's last step: force delete empties and removes it.
  let deleted = 0;
  for (let call = 0; call < 10; call++) {
    const reply = await api.call("DELETE", path, { query: { force: "true" } });
    deleted += Number((JSON.parse(reply.text) as { deleted?: number }).deleted);
    if (reply.status === 202) continue;
    expect(expectSuccess("deleteBucket", reply)).toMatchObject({ status: "deleted", bucket });
    break;
  }
  expect(deleted).toBe(SEED.objects * SEED.versions + SEED.deleteMarkers);
  expect((await api.call("HEAD", path)).status).toBe(404);
}

/** Seeds `bucket` through the CLI with `env`'s backend, then checks it through a local server on the same settings. */
async function seedThenServe(bucket: string, env: Record<string, string>): Promise<void> {
  const { dir: dataDir, remove } = await tempDataDir();
  let server: LocalServer | undefined;
  try {
    const seeded = await seedCli([bucket, ...SEED_ARGS], { ...env, RAHCP_DATA_DIR: dataDir });
    expect(seeded, seeded.stderr).toMatchObject({ code: 0 });
    expect(seeded.stdout).toContain(`seeded ${bucket} (created, versioning turned on)`);
    expect(seeded.stdout).toContain("25 objects × 3 versions, 4 delete markers, 2 multipart uploads");
    for (const name of BACKEND_VARIABLES) vi.stubEnv(name, env[name] ?? "");
    server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, auth: "dev" });
    await expectSeeded(new ApiClient(server.url, await server.devIssuer!.mint()), bucket);
  } finally {
    await server?.close();
    await remove();
  }
}

afterEach(() => vi.unstubAllEnvs());

describe("npm run seed: arguments", () => {
  it("takes one bucket and the documented options, with defaults", () => {
    expect(parseSeedArgs(["demo"])).toEqual({ help: false, bucket: "demo", objects: 100, versions: 1, prefix: "", deleteMarkers: 0, uploads: 0, tenant: undefined });
    expect(parseSeedArgs(["demo", ...SEED_ARGS, "--tenant", "archive"])).toMatchObject({ ...SEED, tenant: "archive" });
    expect(parseSeedArgs(["--help"])).toEqual({ help: true });
  });

  it.each([
    [[], "name the bucket to seed"],
    [["a-bucket", "another"], "one bucket at a time"],
    [["Not_A_Bucket"], 'bucket name "Not_A_Bucket": may contain only lowercase letters'],
    [["demo", "--objects", "ten"], '--objects must be a whole number from 0 to 1000000, not "ten"'],
    [["demo", "--versions", "0"], "--versions must be a whole number from 1 to 1000"],
    [["demo", "--objects", "3", "--delete-markers", "4"], "--delete-markers 4 is more than the 3 objects to write"],
    [["demo", "--uploads", "-1"], "--uploads"],
    [["demo", "--tenant", "Bad Tenant"], '--tenant "Bad Tenant": is not a tenant name'],
    [["demo", "--prefix", "x".repeat(1001)], "--prefix is longer than 1000 bytes"],
    [["demo", "--colour"], "Unknown option '--colour'"],
  ])("refuses %j: %s", (args, message) => {
    expect(() => parseSeedArgs(args)).toThrow(message);
  });

  it("exits 2 with the message and the usage on bad arguments, 0 with --help", async () => {
    const bad = await seedCli(["demo", "--versions", "many"], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('seed: --versions must be a whole number from 1 to 1000, not "many"');
    expect(bad.stderr).toContain(SEED_USAGE);
    expect(bad.stdout).toBe("");
    const help = await seedCli(["--help"], {});
    expect(help).toMatchObject({ code: 0, stdout: `${SEED_USAGE}\n` });
  });

  it("exits 2 naming the served tenants when --tenant is not one of them", async () => {
    const fake = new FakeS3();
    await fake.start();
    try {
      const result = await seedCli(["demo", "--tenant", "research"], { HCP_ENDPOINT: fake.endpoint, HCP_ACCESS_KEY_ID: "k", HCP_SECRET_ACCESS_KEY: "s" });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("seed: --tenant research is not configured: HCP_TENANTS / HCP_ENDPOINT serve default");
      expect(fake.requests).toEqual([]); // refused before any backend call
    } finally {
      await fake.stop();
    }
  });
});

describe("npm run seed: embedded store", () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => ({ dir: dataDir, remove } = await tempDataDir()));
  afterAll(() => remove?.());

  it("writes into RAHCP_DATA_DIR's store, which npm start then serves, per tenant", { timeout: 120_000 }, async () => {
    const seeded = await seedCli(["demo", ...SEED_ARGS], { RAHCP_DATA_DIR: dataDir });
    expect(seeded, seeded.stderr).toMatchObject({ code: 0 });
    expect(seeded.stdout).toMatch(/^seeded demo \(created, versioning turned on\) in embedded store \(.+\), tenant default: 25 objects × 3 versions, 4 delete markers, 2 multipart uploads in [\d.]+ s\n/);
    const tenant = await seedCli(["demo", "--tenant", "archive", "--objects", "3"], { RAHCP_DATA_DIR: dataDir });
    expect(tenant, tenant.stderr).toMatchObject({ code: 0 });
    expect(tenant.stdout).toContain("tenant archive: 3 objects × 1 version");
    expect(tenant.stdout).toContain("npm run -s token -- --tenant archive");

    for (const name of BACKEND_VARIABLES) vi.stubEnv(name, "");
    const server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, auth: "dev" });
    try {
      // While the server owns the data dir, seeding refuses with what to do.
      const busy = await seedCli(["demo", "--objects", "1"], { RAHCP_DATA_DIR: dataDir });
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain("seed: the embedded store is open in another process, most likely a running `npm start` or `npm run dev`.");
      expect(busy.stderr).toContain("Stop the server (Ctrl-C), run the seed again, then start the server");
      expect(busy.stderr).toContain(`is in use by process ${process.pid}`);

      const archive = new ApiClient(server.url, await server.devIssuer!.mint({ tenant: "archive" }));
      const archived = await archive.ok("listObjects", "/api/v1/buckets/demo/objects");
      expect(archived.objects.map((o) => o.key)).toEqual(["object-0001", "object-0002", "object-0003"]);
      expect((await archive.ok("getVersioning", "/api/v1/buckets/demo/versioning")).status).toBeNull(); // one version each: left off

      await expectSeeded(new ApiClient(server.url, await server.devIssuer!.mint()), "demo");
    } finally {
      await server.close();
    }
  });
});

describe("npm run seed: S3 through HCP_ENDPOINT (loopback fake S3)", () => {
  it("creates the bucket, turns versioning on and writes objects, markers and uploads the API then lists", { timeout: 120_000 }, async () => {
    const fake = new FakeS3();
    await fake.start();
    try {
      await seedThenServe("seeded", { HCP_ENDPOINT: fake.endpoint, HCP_ACCESS_KEY_ID: "seed-access", HCP_SECRET_ACCESS_KEY: "seed-secret" });
      const deleteObjects = fake.requests.filter((r) => r.method === "POST" && r.url.includes("?delete"));
      expect(deleteObjects.length).toBeGreaterThan(0); // the force delete went through the fake's batch delete
    } finally {
      await fake.stop();
    }
  });
});

const rgw = rgwSettingsFromEnv();
const START_HINT = 'start one with: eval "$(bash scripts/rgw/start.sh)"';
if (rgw) {
  describe(`npm run seed: Ceph RGW ${rgw.endpoint}`, () => {
    it("seeds through HCP_ENDPOINT's S3 what the API then lists", { timeout: 180_000 }, async () => {
      const bucket = uniqueBucketPrefix("seed");
      const client = directClient(rgw.endpoint, rgw.accessKeyId, rgw.secretAccessKey);
      try {
        await seedThenServe(bucket, { HCP_ENDPOINT: rgw.endpoint, HCP_ACCESS_KEY_ID: rgw.accessKeyId, HCP_SECRET_ACCESS_KEY: rgw.secretAccessKey });
      } finally {
        await removeBucketWith(client, bucket); // only when a check failed before the force delete
        client.destroy();
      }
    });
  });
} else if (process.env.CI === "true") {
  describe("npm run seed: Ceph RGW", () => {
    it("needs RGW_ENDPOINT under CI=true", () => {
      throw new Error(`CI=true but RGW_ENDPOINT is not set: seeding must be checked against Ceph RGW in CI; ${START_HINT}`);
    });
  });
} else {
  describe.skip(`npm run seed: Ceph RGW: skipped because RGW_ENDPOINT is not set; ${START_HINT}`, () => {
    it("seeds through HCP_ENDPOINT's S3", () => undefined);
  });
}
