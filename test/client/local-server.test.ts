import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { forEachLimited } from "@rahcp/core/concurrency";
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RahcpClient,
  ValidationError,
  type ForceDeleteTotals,
  type VersionEntry,
} from "@rahcp/client";
import { forceOneBatchPerRequest, seedObjects, startLocalApi, type LocalApi } from "../support/local-api";

/** The SDK against the real handlers behind the local server, on the embedded store. */
let api: LocalApi;
let client: RahcpClient;

beforeAll(async () => {
  api = await startLocalApi();
  client = new RahcpClient({ endpoint: api.url, token: api.token, retries: 0 });
});
afterAll(() => api?.close());

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("SDK end to end (local server, embedded store)", () => {
  it("creates, lists, checks and deletes buckets", async () => {
    expect(await client.s3.createBucket("sdk-life")).toEqual({ status: "created", bucket: "sdk-life" });
    const listed = await client.s3.listBuckets();
    const bucket = listed.buckets.find((b) => b.name === "sdk-life");
    expect(bucket?.creation_date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(listed.owner).toMatchObject({ display_name: expect.any(String) });
    expect(await client.s3.bucketExists("sdk-life")).toBe(true);
    expect(await client.s3.deleteBucket("sdk-life")).toEqual({ status: "deleted", bucket: "sdk-life" });
    expect(await client.s3.bucketExists("sdk-life")).toBe(false);
  });

  it("maps API errors to typed classes with the server's request id", async () => {
    await client.s3.createBucket("sdk-errors");
    const duplicate = await client.s3.createBucket("sdk-errors").catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(duplicate).toMatchObject({ status: 409, code: "BucketAlreadyOwnedByYou", requestId: expect.stringMatching(/^[\w-]+=$/) });

    const missing = await client.s3.getVersioning("sdk-no-such-bucket").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: "NoSuchBucket" });

    const invalid = await client.s3.createBucket("Not_Valid").catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid).toMatchObject({ status: 400 });

    await api.store.putObject("sdk-errors", "keep.txt", "x");
    const notEmpty = await client.s3.deleteBucket("sdk-errors").catch((e: unknown) => e);
    expect(notEmpty).toBeInstanceOf(ConflictError);
    expect(notEmpty).toMatchObject({ code: "BucketNotEmpty" });
  });

  it("a bad token is an AuthenticationError, a read-only token a ForbiddenError on writes", async () => {
    const bad = new RahcpClient({ endpoint: api.url, token: "not-a-jwt", retries: 0 });
    const refused = await bad.s3.listBuckets().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused).toMatchObject({ status: 401, code: "Unauthorized", detail: "Token is not a well-formed JWT" });

    const reader = new RahcpClient({ endpoint: api.url, token: await api.mint(["buckets:read"]), retries: 0 });
    expect(Array.isArray((await reader.s3.listBuckets()).buckets)).toBe(true);
    const denied = await reader.s3.createBucket("sdk-denied").catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ForbiddenError);
    expect(denied).toMatchObject({ status: 403 });
  });

  it("sets and reads versioning", async () => {
    await client.s3.createBucket("sdk-versioning");
    expect(await client.s3.getVersioning("sdk-versioning")).toEqual({ status: null, mfa_delete: null });
    expect(await client.s3.setVersioning("sdk-versioning", "Enabled")).toEqual({ status: "updated", versioning: "Enabled" });
    expect((await client.s3.getVersioning("sdk-versioning")).status).toBe("Enabled");
    await client.s3.setVersioning("sdk-versioning", "Suspended");
    expect((await client.s3.getVersioning("sdk-versioning")).status).toBe("Suspended");
  });

  it("pages through objects: one page, every page, delimiter roll-up", async () => {
    await client.s3.createBucket("sdk-objects");
    const keys = await seedObjects(api.store, "sdk-objects", "data/part-", 25);
    await seedObjects(api.store, "sdk-objects", "logs/day-", 3);

    const first = await client.s3.listObjects("sdk-objects", { prefix: "data/", maxKeys: 10 });
    expect(first.objects.map((o) => o.key)).toEqual(keys.slice(0, 10));
    expect(first).toMatchObject({ is_truncated: true, key_count: 10, next_continuation_token: expect.any(String) });

    const pages = await collect(client.s3.listObjectsPages("sdk-objects", { prefix: "data/", maxKeys: 10 }));
    expect(pages.map((p) => p.objects.length)).toEqual([10, 10, 5]);
    expect((await collect(client.s3.iterObjects("sdk-objects", { prefix: "data/", maxKeys: 7 }))).map((o) => o.key)).toEqual(keys);

    const rolled = await client.s3.listObjects("sdk-objects", { delimiter: "/" });
    expect(rolled.common_prefixes).toEqual(["data/", "logs/"]);
    expect(rolled.objects).toEqual([]);
  });

  it("pages through versions and delete markers", async () => {
    await client.s3.createBucket("sdk-versions");
    await client.s3.setVersioning("sdk-versions", "Enabled");
    for (let i = 0; i < 4; i++) await api.store.putObject("sdk-versions", "a.txt", `v${i}`);
    await api.store.putObject("sdk-versions", "b.txt", "b");
    await api.store.deleteObject("sdk-versions", "b.txt");

    const page = await client.s3.listVersions("sdk-versions", { maxKeys: 2 });
    expect(page.is_truncated).toBe(true);
    expect(page.next_key_marker).toBe("a.txt");
    const entries: VersionEntry[] = await collect(client.s3.iterVersions("sdk-versions", { maxKeys: 2 }));
    expect(entries.map((e) => `${e.key}:${e.kind}:${e.is_latest}`)).toEqual([
      "a.txt:version:true",
      "a.txt:version:false",
      "a.txt:version:false",
      "a.txt:version:false",
      "b.txt:delete_marker:true",
      "b.txt:version:false",
    ]);
    expect(new Set(entries.map((e) => e.version_id)).size).toBe(6);
  });

  it("force-deletes a versioned bucket over several 202s, reporting each, and returns the total", { timeout: 60_000 }, async () => {
    await client.s3.createBucket("sdk-force");
    await client.s3.setVersioning("sdk-force", "Enabled");
    // 1 050 versions and 50 delete markers (more than one batch of 1 000) and an upload.
    const writes = Array.from({ length: 1050 }, (_, i) => `data/k-${String(i % 525).padStart(3, "0")}`);
    await forEachLimited(writes, 16, async (key) => void (await api.store.putObject("sdk-force", key, "v")));
    await forEachLimited(writes.slice(0, 50), 16, async (key) => void (await api.store.deleteObject("sdk-force", key)));
    await api.store.createMultipartUpload("sdk-force", "uploads/big.bin");
    forceOneBatchPerRequest(api.store);
    const reports: ForceDeleteTotals[] = [];
    try {
      const result = await client.s3.deleteBucket("sdk-force", {
        force: true,
        onProgress: (progress, total) => {
          expect(progress).toMatchObject({ status: "emptying", bucket: "sdk-force", remaining: true });
          reports.push(total);
        },
      });
      expect(result).toEqual({ status: "deleted", bucket: "sdk-force", deleted: 1100 });
    } finally {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    }
    // The first 1 000 versions, the other 100 entries, then the upload and the bucket (the 200).
    expect(reports).toEqual([
      { deleted: 1000, requests: 1 },
      { deleted: 1100, requests: 2 },
    ]);
    expect(await client.s3.bucketExists("sdk-force")).toBe(false);
  });

  it("force delete: versions under retention reject with a ConflictError naming them; a write token is refused", async () => {
    await api.store.createBucket("sdk-force-locked", { objectLock: true });
    const kept = await api.store.putObject("sdk-force-locked", "keep.txt", "retained");
    await api.store.putObject("sdk-force-locked", "go.txt", "x");
    await api.store.putObjectRetention("sdk-force-locked", "keep.txt", kept.versionId, { mode: "COMPLIANCE", retainUntil: new Date(Date.now() + 3_600_000) });

    const writer = new RahcpClient({ endpoint: api.url, token: await api.mint(["buckets:write"]), retries: 0 });
    const refused = await writer.s3.deleteBucket("sdk-force-locked", { force: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused).toMatchObject({ status: 403, code: "InsufficientScope" });

    const blocked = await client.s3.deleteBucket("sdk-force-locked", { force: true }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(ConflictError);
    expect(blocked).toMatchObject({ code: "BucketNotEmpty", detail: expect.stringContaining(`'keep.txt' (version ${kept.versionId})`) });
    expect((await collect(client.s3.iterVersions("sdk-force-locked"))).map((v) => v.key)).toEqual(["keep.txt"]);
  });

  it("pages through in-progress multipart uploads", async () => {
    await client.s3.createBucket("sdk-uploads");
    for (const key of ["b.bin", "a.bin", "a.bin", "logs/c.bin"]) await api.store.createMultipartUpload("sdk-uploads", key);
    const first = await client.s3.listUploads("sdk-uploads", { maxUploads: 2 });
    expect(first.uploads.map((u) => u.key)).toEqual(["a.bin", "a.bin"]);
    expect(first).toMatchObject({ is_truncated: true, next_key_marker: "a.bin", next_upload_id_marker: first.uploads[1]!.upload_id });
    expect(first.uploads[0]).toEqual({ key: "a.bin", upload_id: expect.any(String), initiated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), storage_class: expect.any(String) });

    const pages = await collect(client.s3.listUploadsPages("sdk-uploads", { maxUploads: 2 }));
    expect(pages.map((p) => p.uploads.map((u) => u.key))).toEqual([["a.bin", "a.bin"], ["b.bin", "logs/c.bin"]]);
    const all = await collect(client.s3.iterUploads("sdk-uploads", { maxUploads: 1 }));
    expect(all.map((u) => u.key)).toEqual(["a.bin", "a.bin", "b.bin", "logs/c.bin"]);
    expect(new Set(all.map((u) => u.upload_id)).size).toBe(4);
    expect((await client.s3.listUploads("sdk-uploads", { prefix: "logs/" })).uploads.map((u) => u.key)).toEqual(["logs/c.bin"]);
    const resumed = await collect(client.s3.iterUploads("sdk-uploads", { keyMarker: first.next_key_marker!, uploadIdMarker: first.next_upload_id_marker! }));
    expect(resumed.map((u) => u.key)).toEqual(["b.bin", "logs/c.bin"]);
  });

  it("reads and replaces the ACL", async () => {
    await client.s3.createBucket("sdk-acl");
    const acl = await client.s3.getAcl("sdk-acl");
    const ownerId = acl.owner.ID!;
    expect(acl.grants).toEqual([{ Grantee: expect.objectContaining({ Type: "CanonicalUser", ID: ownerId }), Permission: "FULL_CONTROL" }]);
    vi.stubEnv("ALLOW_PUBLIC_ACL", "true"); // a public grant, on a stage that allows them (the API runs in this process)
    const result = await client.s3.setAcl("sdk-acl", {
      Owner: { ID: ownerId },
      Grants: [
        { Grantee: { Type: "CanonicalUser", ID: ownerId }, Permission: "FULL_CONTROL" },
        { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
      ],
    });
    vi.unstubAllEnvs();
    expect(result).toEqual({ status: "updated", bucket: "sdk-acl" });
    const after = await client.s3.getAcl("sdk-acl");
    // Group grants first, as Ceph RGW orders them (the embedded store follows it).
    expect(after.grants.map((g) => `${g.Grantee.Type}:${g.Permission}`)).toEqual(["Group:READ", "CanonicalUser:FULL_CONTROL"]);
  });

  it("pages the bucket listing and filters it by prefix", async () => {
    const names = ["sdk-page-a", "sdk-page-b", "sdk-page-c", "sdk-page-d", "sdk-page-e"];
    for (const bucket of names) await client.s3.createBucket(bucket);
    const first = await client.s3.listBuckets({ prefix: "sdk-page-", maxBuckets: 2 });
    expect(first.buckets.map((b) => b.name)).toEqual(names.slice(0, 2));
    expect(first.is_truncated).toBe(true);
    const pages = await collect(client.s3.listBucketsPages({ prefix: "sdk-page-", maxBuckets: 2 }));
    expect(pages.map((p) => p.buckets.length)).toEqual([2, 2, 1]);
    expect((await collect(client.s3.iterBuckets({ prefix: "sdk-page-", maxBuckets: 2 }))).map((b) => b.name)).toEqual(names);
    expect((await collect(client.s3.iterBuckets({ prefix: "sdk-page-", continuationToken: first.next_continuation_token! }))).map((b) => b.name)).toEqual(names.slice(2));
    for (const bucket of names) await client.s3.deleteBucket(bucket);
  });

  it("me() tells who the API takes the caller for", async () => {
    const token = await api.issuer.mint({ subject: "alice", groups: ["team-a"], scopes: ["buckets:read"] }); // no tenant claim: the only one
    const me = await new RahcpClient({ endpoint: api.url, token }).me();
    expect(me).toEqual({
      sub: "alice",
      tenant: "default",
      groups: ["team-a"],
      client_id: null,
      scopes: ["buckets:read"],
      permissions: ["read"],
      policy: false,
      grants: [{ tenant: "default", buckets: ["*"], allow: ["read"], rule: null }],
    });
  });

  it("fromEnv talks to the same server", async () => {
    const fromEnv = RahcpClient.fromEnv({ env: { RAHCP_ENDPOINT: api.url, RAHCP_TOKEN: api.token } });
    expect((await fromEnv.s3.listBuckets()).buckets.length).toBeGreaterThan(0);
  });
});
