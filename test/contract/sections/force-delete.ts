import { afterEach, describe, expect, it, vi } from "vitest";
import { forEachLimited } from "@rahcp/core/concurrency";
import { bucketPath, expectError, expectSuccess, type Reply } from "../api-client";
import type { ContractContext } from "../context";

/** How many requests to the backend run at once while a bucket is filled. */
const FILL_CONCURRENCY = 32;

/** DELETE …?force=true and GET …/uploads. */
export function forceDeleteContract(ctx: ContractContext): void {
  const force = (bucket: string) => ctx.api.call("DELETE", bucketPath(bucket), { query: { force: "true" } });
  const body = (reply: Reply) => JSON.parse(reply.text) as Record<string, unknown>;

  /** Repeats the force call until it no longer answers 202; returns every answer. */
  async function forceUntilDone(bucket: string, limit = 20): Promise<Reply[]> {
    const replies: Reply[] = [];
    for (let i = 0; i < limit; i++) {
      const reply = await force(bucket);
      replies.push(reply);
      if (reply.status !== 202) return replies;
    }
    throw new Error(`force delete of ${bucket} still answered 202 after ${limit} calls: ${replies.map((r) => r.text).join(" ")}`);
  }

  async function fill(bucket: string, keys: number, versionsPerKey: number, deleteMarkers: number): Promise<void> {
    const writes = Array.from({ length: keys * versionsPerKey }, (_, i) => `data/k-${String(i % keys).padStart(5, "0")}`);
    await forEachLimited(writes, FILL_CONCURRENCY, async (key) => void (await ctx.backend.objects.putObject(bucket, key, "v")));
    const marked = Array.from({ length: deleteMarkers }, (_, i) => `data/k-${String(i).padStart(5, "0")}`);
    await forEachLimited(marked, FILL_CONCURRENCY, async (key) => void (await ctx.backend.objects.deleteObject(bucket, key)));
  }

  afterEach(() => vi.unstubAllEnvs());

  describe("force delete", () => {
    it("empties 2 500 versions, 300 delete markers and 2 uploads in several calls of 202, then 200; HEAD then 404", { timeout: 120_000 }, async () => {
      const bucket = await ctx.createVersionedBucket("force-big");
      await fill(bucket, 1250, 2, 300);
      await ctx.backend.objects.createUpload(bucket, "uploads/one");
      await ctx.backend.objects.createUpload(bucket, "uploads/two");
      vi.stubEnv("FORCE_DELETE_BUDGET_MS", "1"); // a tiny budget: one batch per call (the API runs in this process)
      const replies = await forceUntilDone(bucket);
      const accepted = replies.filter((r) => r.status === 202);
      expect(accepted.length).toBeGreaterThanOrEqual(3);
      for (const reply of accepted) {
        expect(expectSuccessOf202(reply)).toMatchObject({ status: "emptying", bucket, remaining: true });
      }
      const last = replies.at(-1)!;
      expect(expectSuccess("deleteBucket", last)).toMatchObject({ status: "deleted", bucket });
      const total = replies.reduce((sum, r) => sum + Number(body(r)["deleted"]), 0);
      expect(total).toBe(2_800); // every version and delete marker, each once
      expect((await ctx.api.call("HEAD", bucketPath(bucket))).status).toBe(404);
    });

    it("leaves a retained version, deletes everything else, keeps the bucket: 409 naming that key", async () => {
      const bucket = ctx.name("force-locked");
      await ctx.backend.objectLock.createBucket(bucket);
      const kept = await ctx.backend.objects.putObject(bucket, "keep/me", "retained");
      await ctx.backend.objects.putObject(bucket, "go/1", "x");
      await ctx.backend.objects.putObject(bucket, "go/2", "y");
      await ctx.backend.objects.createUpload(bucket, "go/upload");
      // Short: the suite's cleanup deletes it once retention has passed.
      await ctx.backend.objectLock.retain(bucket, "keep/me", kept.versionId, new Date(Date.now() + 5_000));
      const error = expectError(await force(bucket), 409, "BucketNotEmpty");
      expect(error.detail).toContain("1 version could not be deleted");
      expect(error.detail).toContain(`'keep/me' (version ${kept.versionId}): AccessDenied`);
      expectSuccess("headBucket", await ctx.api.call("HEAD", bucketPath(bucket)));
      const versions = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"));
      expect([...versions.versions, ...versions.delete_markers].map((v) => v.key)).toEqual(["keep/me"]);
      expect((await ctx.api.ok("listUploads", bucketPath(bucket, "/uploads"))).uploads).toEqual([]);
    });

    it("is safe twice at once: both finish, the bucket is gone", async () => {
      const bucket = await ctx.createVersionedBucket("force-twice");
      await fill(bucket, 40, 3, 10);
      const [a, b] = await Promise.all([forceUntilDone(bucket), forceUntilDone(bucket)]);
      for (const replies of [a, b]) {
        const last = replies.at(-1)!;
        // Done by this call, or gone already when a later call of it started.
        expect([200, 404], last.text).toContain(last.status);
        expect(replies.every((r) => r.status < 500)).toBe(true);
      }
      expect([a.at(-1)!.status, b.at(-1)!.status]).toContain(200);
      expect((await ctx.api.call("HEAD", bucketPath(bucket))).status).toBe(404);
    });

    it("answers 5xx when the backend fails half-way, and the next call finishes the job", async () => {
      const bucket = await ctx.createVersionedBucket("force-fault");
      await fill(bucket, 20, 1, 0);
      await ctx.backend.objects.createUpload(bucket, "uploads/pending");
      ctx.backend.failNext("abortUpload"); // the versions go, then the backend fails on the uploads
      expectError(await force(bucket), 503, "ServiceUnavailable");
      expect((await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"))).key_count).toBe(0); // what was done stays done
      expect((await ctx.api.ok("listUploads", bucketPath(bucket, "/uploads"))).uploads.map((u) => u.key)).toEqual(["uploads/pending"]);
      const replies = await forceUntilDone(bucket);
      expect(expectSuccess("deleteBucket", replies.at(-1)!)).toMatchObject({ status: "deleted", bucket, deleted: 0 });
      expect((await ctx.api.call("HEAD", bucketPath(bucket))).status).toBe(404);
    });

    it("without force changes nothing: 409 when not empty", async () => {
      const bucket = await ctx.createVersionedBucket("force-not");
      await ctx.backend.objects.putObject(bucket, "k", "v");
      await ctx.api.fails("DELETE", bucketPath(bucket), 409, "BucketNotEmpty");
      await ctx.api.fails("DELETE", bucketPath(bucket), 409, "BucketNotEmpty", { query: { force: "false" } });
      expect((await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"))).objects.map((o) => o.key)).toEqual(["k"]);
    });

    it("needs admin: a write token gets 403 and nothing is removed; bad values are 400", async () => {
      const bucket = await ctx.createBucket("force-scope");
      await ctx.backend.objects.putObject(bucket, "k", "v");
      const writer = await ctx.backend.mintToken(["buckets:write"]);
      const refused = await ctx.api.call("DELETE", bucketPath(bucket), { query: { force: "true" }, token: writer });
      expectError(refused, 403, "InsufficientScope");
      await ctx.api.fails("DELETE", bucketPath(bucket), 400, "ValidationError", { query: { force: "yes" } });
      expect((await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"))).key_count).toBe(1);
    });

    it("answers 404 for a bucket that does not exist", async () => {
      await ctx.api.fails("DELETE", bucketPath(ctx.name("force-missing")), 404, "NoSuchBucket", { query: { force: "true" } });
    });
  });

  describe("uploads listing", () => {
    it("lists in-progress uploads by key then upload id, pages with the markers, filters by prefix", async () => {
      const bucket = await ctx.createBucket("uploads");
      const made: { key: string; id: string }[] = [];
      for (const key of ["b/part", "a/part", "b/part", "c/other"]) made.push({ key, id: await ctx.backend.objects.createUpload(bucket, key) });
      const expected = [...made].sort((x, y) => (x.key === y.key ? (x.id < y.id ? -1 : 1) : x.key < y.key ? -1 : 1));
      const all = await ctx.api.ok("listUploads", bucketPath(bucket, "/uploads"));
      expect(all.uploads.map((u) => [u.key, u.upload_id])).toEqual(expected.map((u) => [u.key, u.id]));
      expect(all).toMatchObject({ is_truncated: false, next_key_marker: null, next_upload_id_marker: null });
      expect(all.uploads[0]).toMatchObject({ storage_class: "STANDARD", initiated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });

      const paged: string[] = [];
      let query: Record<string, string | number> = { max_uploads: 1 };
      for (let i = 0; i < 10; i++) {
        const page = await ctx.api.ok("listUploads", bucketPath(bucket, "/uploads"), { query });
        paged.push(...page.uploads.map((u) => u.upload_id));
        if (!page.is_truncated) break;
        query = { max_uploads: 1, key_marker: page.next_key_marker!, upload_id_marker: page.next_upload_id_marker! };
      }
      expect(paged).toEqual(expected.map((u) => u.id));

      const prefixed = await ctx.api.ok("listUploads", bucketPath(bucket, "/uploads"), { query: { prefix: "b/" } });
      expect(prefixed.uploads.map((u) => u.key)).toEqual(["b/part", "b/part"]);
      await ctx.api.fails("GET", bucketPath(bucket, "/uploads"), 400, "ValidationError", { query: { max_uploads: 1001 } });
      await ctx.api.fails("GET", bucketPath(ctx.name("uploads-missing"), "/uploads"), 404, "NoSuchBucket");
    });
  });
}

/** A 202's body, checked against the route's declared 202 schema. */
function expectSuccessOf202(reply: Reply): Record<string, unknown> {
  expect(reply.status).toBe(202);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  return JSON.parse(reply.text) as Record<string, unknown>;
}
