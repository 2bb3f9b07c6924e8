import { beforeAll, describe, expect, it } from "vitest";
import { bucketPath } from "../api-client";
import type { ContractContext } from "../context";
import { walkObjects, type ObjectsPage } from "../paging";
import { quotedMd5 } from "../write-log";

/** Current objects after the writes below (latest bodies), in key order. */
const CURRENT: Record<string, string> = {
  "a.txt": "a, second",
  "dir1/x": "x",
  "dir1/y": "yy",
  "dir2/sub/w": "www",
  "dir2/z": "zzzz",
  "z.txt": "last",
};

/** The page's entries in listing order: objects and common prefixes merged (exact for one-entry pages). */
const namesOf = (page: ObjectsPage) => [...page.objects.map((o) => o.key), ...page.common_prefixes];

/** GET …/objects (ListObjectsV2) over objects written directly through the S3 API. */
export function objectsContract(ctx: ContractContext): void {
  describe("objects listing", () => {
    let bucket: string;
    let full: ObjectsPage;
    const objectsPath = () => bucketPath(bucket, "/objects");

    beforeAll(async () => {
      bucket = await ctx.createVersionedBucket("objects");
      const { objects } = ctx.backend;
      await objects.putObject(bucket, "a.txt", "a, first"); // overwritten below: only the latest is listed
      for (const [key, body] of Object.entries(CURRENT)) await objects.putObject(bucket, key, body);
      await objects.putObject(bucket, "dir3/hidden", "h");
      await objects.deleteObject(bucket, "dir3/hidden"); // latest is a delete marker: neither key nor prefix
      full = await ctx.api.ok("listObjects", objectsPath());
    });

    it("lists the latest version of each current key in order, with size, ETag and storage class", async () => {
      const before = Date.now();
      expect(full.objects.map(({ last_modified: _, ...o }) => o)).toEqual(
        Object.entries(CURRENT).map(([key, body]) => ({ key, size: Buffer.byteLength(body), etag: quotedMd5(body), storage_class: "STANDARD" })),
      );
      expect(full).toMatchObject({ common_prefixes: [], is_truncated: false, next_continuation_token: null, key_count: 6 });
      for (const object of full.objects) {
        expect(object.last_modified).toBe(new Date(Date.parse(object.last_modified)).toISOString());
        expect(Date.parse(object.last_modified)).toBeLessThanOrEqual(before + 1000);
      }
    });

    it("rolls keys up into common prefixes with a delimiter", async () => {
      const page = await ctx.api.ok("listObjects", objectsPath(), { query: { delimiter: "/" } });
      expect(page.objects.map((o) => o.key)).toEqual(["a.txt", "z.txt"]);
      expect(page).toMatchObject({ common_prefixes: ["dir1/", "dir2/"], is_truncated: false, next_continuation_token: null, key_count: 4 });

      const nested = await ctx.api.ok("listObjects", objectsPath(), { query: { prefix: "dir2/", delimiter: "/" } });
      expect(nested.objects.map((o) => o.key)).toEqual(["dir2/z"]);
      expect(nested).toMatchObject({ common_prefixes: ["dir2/sub/"], key_count: 2 });
    });

    it("filters by prefix", async () => {
      const page = await ctx.api.ok("listObjects", objectsPath(), { query: { prefix: "dir1/" } });
      expect(page.objects).toEqual(full.objects.filter((o) => o.key.startsWith("dir1/")));
      const none = await ctx.api.ok("listObjects", objectsPath(), { query: { prefix: "nothing/" } });
      expect(none).toEqual({ objects: [], common_prefixes: [], is_truncated: false, next_continuation_token: null, key_count: 0 });
    });

    it("pages one entry at a time with continuation tokens, common prefixes counting as entries", async () => {
      const pages = await walkObjects(ctx.api, bucket, { max_keys: 1, delimiter: "/" });
      expect(pages.map(namesOf)).toEqual([["a.txt"], ["dir1/"], ["dir2/"], ["z.txt"]]);
      expect(pages.map((p) => p.is_truncated)).toEqual([true, true, true, false]);
      const single = await ctx.api.ok("listObjects", objectsPath(), { query: { delimiter: "/" } });
      expect(pages.flatMap((p) => p.objects)).toEqual(single.objects);
    });

    it.each([1, 2, 4])("pages with max_keys=%i, no delimiter, to the same listing", async (maxKeys) => {
      const pages = await walkObjects(ctx.api, bucket, { max_keys: maxKeys });
      expect(pages).toHaveLength(Math.ceil(full.objects.length / maxKeys));
      expect(pages.flatMap((p) => p.objects)).toEqual(full.objects);
    });

    it("answers 400 to invalid paging parameters and 404 for a missing bucket", async () => {
      for (const max_keys of ["0", "1001", "x"]) {
        await ctx.api.fails("GET", objectsPath(), 400, "ValidationError", { query: { max_keys } });
      }
      await ctx.api.fails("GET", objectsPath(), 400, "ValidationError", { query: { delimiter: "" } });
      const missing = ctx.name("objects-missing");
      const error = await ctx.api.fails("GET", bucketPath(missing, "/objects"), 404, "NoSuchBucket");
      expect(error.detail).toContain(missing);
    });
  });
}
