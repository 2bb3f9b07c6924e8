import { describe, expect, it } from "vitest";
import { BUCKETS, bucketPath, expectError, expectSuccess } from "../api-client";
import type { ContractContext } from "../context";

async function bucketNames(ctx: ContractContext): Promise<string[]> {
  const list = await ctx.api.ok("listBuckets", BUCKETS);
  return list.buckets.map((b) => b.name);
}

/** Create, head, list and delete. */
export function bucketLifecycleContract(ctx: ContractContext): void {
  describe("create", () => {
    it("answers 201 {status: created, bucket} and the bucket then exists", async () => {
      const bucket = await ctx.createBucket("create");
      expectSuccess("headBucket", await ctx.api.call("HEAD", bucketPath(bucket)));
      expect(await bucketNames(ctx)).toContain(bucket);
    });

    it("answers 409 BucketAlreadyOwnedByYou to a duplicate and leaves the bucket as it was", async () => {
      const bucket = await ctx.createBucket("dup");
      await ctx.setVersioning(bucket, "Enabled");
      const error = await ctx.api.fails("POST", BUCKETS, 409, "BucketAlreadyOwnedByYou", { json: { bucket } });
      expect(error.detail).toContain(bucket);
      expect((await bucketNames(ctx)).filter((name) => name === bucket)).toHaveLength(1);
      const versioning = await ctx.api.ok("getVersioning", bucketPath(bucket, "/versioning"));
      expect(versioning.status).toBe("Enabled");
    });

    it("answers 409 BucketAlreadyExists when another account owns the name", async ({ skip }) => {
      const foreign = ctx.backend.foreign;
      if (!foreign) return skip(ctx.backend.foreignUnsupported);
      const bucket = `${ctx.backend.bucketPrefix}-foreign-create`;
      await foreign.create(bucket);
      try {
        const error = await ctx.api.fails("POST", BUCKETS, 409, "BucketAlreadyExists", { json: { bucket } });
        expect(error.detail).toContain(bucket);
        expect(await bucketNames(ctx)).not.toContain(bucket);
      } finally {
        await foreign.remove(bucket);
      }
    });

    it("answers 400 to invalid names before asking the backend, and creates nothing", async () => {
      const prefix = ctx.backend.bucketPrefix;
      const invalid = [
        "ab",
        "a".repeat(64),
        `${prefix}-Upper`,
        `${prefix}_underscore`,
        `${prefix}..dots`,
        `${prefix}-`,
        `-${prefix}`,
        "192.168.10.20",
        `xn--${prefix}`,
        `${prefix}.dotted`, // S3 would take it, HCP's rules (the default) do not
      ];
      for (const bucket of invalid) {
        ctx.created.add(bucket); // in case a backend creates it after all: cleanup still finds it
        const error = await ctx.api.fails("POST", BUCKETS, 400, "ValidationError", { json: { bucket } });
        expect(error.detail, bucket).toMatch(/bucket/i);
      }
      const names = await bucketNames(ctx);
      for (const bucket of invalid) expect(names).not.toContain(bucket);
    });

    it("answers 400 to a body without a bucket or with unknown fields", async () => {
      await ctx.api.fails("POST", BUCKETS, 400, "ValidationError", { json: {} });
      const bucket = ctx.name("extra-field");
      await ctx.api.fails("POST", BUCKETS, 400, "ValidationError", { json: { bucket, acl: "private" } });
      expect(await bucketNames(ctx)).not.toContain(bucket);
    });
  });

  describe("head", () => {
    it("answers 200 with an empty body for an existing bucket", async () => {
      const bucket = await ctx.createBucket("head");
      const reply = await ctx.api.call("HEAD", bucketPath(bucket));
      expectSuccess("headBucket", reply);
      expect(reply.text).toBe("");
    });

    it("answers 404 with an empty body for a missing bucket", async () => {
      const reply = await ctx.api.call("HEAD", bucketPath(ctx.name("head-missing")));
      expect(reply.status).toBe(404);
      expect(reply.text).toBe("");
      expect(reply.headers.get("x-request-id")).toBeTruthy();
    });

    it("answers 403 for a bucket of another account", async ({ skip }) => {
      const foreign = ctx.backend.foreign;
      if (!foreign) return skip(ctx.backend.foreignUnsupported);
      const bucket = `${ctx.backend.bucketPrefix}-foreign-head`;
      await foreign.create(bucket);
      try {
        const reply = await ctx.api.call("HEAD", bucketPath(bucket));
        expect(reply.status).toBe(403);
        expect(reply.text).toBe("");
      } finally {
        await foreign.remove(bucket);
      }
    });
  });

  describe("list", () => {
    it("lists created buckets by name with ISO 8601 creation dates and the owner", async () => {
      const before = Date.now();
      const created = [await ctx.createBucket("list-b"), await ctx.createBucket("list-a")];
      const after = Date.now();
      const list = await ctx.api.ok("listBuckets", BUCKETS);

      expect(list.owner).toEqual({ display_name: ctx.backend.owner.displayName, id: ctx.backend.owner.id });
      const names = list.buckets.map((b) => b.name);
      expect(names).toEqual([...names].sort());
      for (const bucket of created) {
        const entry = list.buckets.find((b) => b.name === bucket);
        expect(entry, bucket).toBeDefined();
        const date = entry!.creation_date!;
        expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
        // Backends may keep whole seconds only.
        expect(Date.parse(date)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
        expect(Date.parse(date)).toBeLessThanOrEqual(after + 1000);
      }
      const again = await ctx.api.ok("listBuckets", BUCKETS);
      for (const bucket of created) {
        expect(again.buckets.find((b) => b.name === bucket)).toEqual(list.buckets.find((b) => b.name === bucket));
      }
    });
  });

  describe("delete", () => {
    it("answers 409 BucketNotEmpty while objects remain, and keeps every object", async () => {
      const bucket = await ctx.createBucket("delete-full");
      for (const key of ["a.txt", "dir/b.txt", "dir/c.txt"]) await ctx.backend.objects.putObject(bucket, key, `body of ${key}`);
      const objectsBefore = await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"));
      const versionsBefore = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"));
      expect(objectsBefore.objects.map((o) => o.key)).toEqual(["a.txt", "dir/b.txt", "dir/c.txt"]);

      const error = await ctx.api.fails("DELETE", bucketPath(bucket), 409, "BucketNotEmpty");
      expect(error.detail).toContain(bucket);

      expectSuccess("headBucket", await ctx.api.call("HEAD", bucketPath(bucket)));
      expect(await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"))).toEqual(objectsBefore);
      expect(await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"))).toEqual(versionsBefore);
    });

    it("answers 409 while only noncurrent versions and delete markers remain, 200 once they are gone", async () => {
      const bucket = await ctx.createVersionedBucket("delete-versions");
      const { objects } = ctx.backend;
      await objects.putObject(bucket, "k", "one");
      await objects.deleteObject(bucket, "k"); // the only current entry is now a delete marker
      const listed = await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"));
      expect(listed.objects).toEqual([]);

      await ctx.api.fails("DELETE", bucketPath(bucket), 409, "BucketNotEmpty");

      const versions = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"));
      expect(versions.versions).toHaveLength(1);
      expect(versions.delete_markers).toHaveLength(1);
      await objects.deleteObject(bucket, "k", versions.versions[0]!.version_id);
      await ctx.api.fails("DELETE", bucketPath(bucket), 409, "BucketNotEmpty"); // the marker still counts
      await objects.deleteObject(bucket, "k", versions.delete_markers[0]!.version_id);

      const deleted = await ctx.api.ok("deleteBucket", bucketPath(bucket));
      expect(deleted).toEqual({ status: "deleted", bucket });
    });

    it("deletes an empty bucket with 200 {status: deleted, bucket}; it is gone afterwards and the name is free again", async () => {
      const bucket = await ctx.createBucket("delete-empty");
      const deleted = await ctx.api.ok("deleteBucket", bucketPath(bucket));
      expect(deleted).toEqual({ status: "deleted", bucket });

      const head = await ctx.api.call("HEAD", bucketPath(bucket));
      expect(head.status).toBe(404);
      expect(await bucketNames(ctx)).not.toContain(bucket);
      await ctx.api.fails("GET", bucketPath(bucket, "/versioning"), 404, "NoSuchBucket");

      const again = await ctx.api.ok("createBucket", BUCKETS, { json: { bucket } });
      expect(again).toEqual({ status: "created", bucket });
      const versioning = await ctx.api.ok("getVersioning", bucketPath(bucket, "/versioning"));
      expect(versioning).toEqual({ status: null, mfa_delete: null }); // a new bucket, not the old one
    });

    it("answers 404 NoSuchBucket for a missing bucket", async () => {
      const bucket = ctx.name("delete-missing");
      const error = expectError(await ctx.api.call("DELETE", bucketPath(bucket)), 404, "NoSuchBucket");
      expect(error.detail).toContain(bucket);
    });
  });
}
