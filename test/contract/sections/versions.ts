import { beforeAll, describe, expect, it } from "vitest";
import { NULL_VERSION_ID } from "@rahcp/core";
import { bucketPath } from "../api-client";
import type { ContractContext } from "../context";
import { entriesOf, walkVersions, type VersionsPage } from "../paging";
import { byUtf8, quotedMd5, WriteLog, type ExpectedEntry } from "../write-log";

const versionFields = ({ key, version_id, is_latest, etag, size }: ExpectedEntry) => ({ key, version_id, is_latest, etag, size, storage_class: "STANDARD" });
const markerFields = ({ key, version_id, is_latest }: ExpectedEntry) => ({ key, version_id, is_latest });
const withoutTime = <T extends { last_modified: string }>({ last_modified: _, ...rest }: T) => rest;

/** Keys whose UTF-16 order differs from their UTF-8 byte order (U+FF21 vs U+1F600), as S3 orders bytes. */
const FULLWIDTH_KEY = "docs/\uFF21.txt";
const EMOJI_KEY = "docs/\u{1F600}.txt";

/** GET …/versions over objects written directly through the S3 API. */
export function versionsContract(ctx: ContractContext): void {
  describe("versions listing", () => {
    let log: WriteLog;
    let bucket: string;
    let full: VersionsPage;

    beforeAll(async () => {
      bucket = await ctx.createVersionedBucket("versions");
      log = new WriteLog(ctx.backend.objects, bucket);
      // Several versions of several keys; delete markers on top, between versions and without any version.
      for (const body of ["a1", "a22", "a333"]) await log.put("docs/a.txt", body);
      await log.put("docs/a", "prefix of another key");
      await log.put("docs/b.txt", "b1");
      await log.put("docs/b.txt", "b2");
      await log.delete("docs/b.txt"); // latest is a delete marker
      await log.put("img/c.png", "c1");
      await log.delete("img/c.png");
      await log.put("img/c.png", "c2"); // a delete marker between versions
      await log.put("docs/gone.txt", "g1");
      await log.delete("docs/gone.txt");
      await log.put("docs/gone.txt", "g2");
      await log.delete("docs/gone.txt"); // markers between versions
      await log.delete("docs/never-written.txt"); // a marker without any version
      await log.put(EMOJI_KEY, "emoji");
      await log.put(FULLWIDTH_KEY, "fullwidth");
      full = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"));
    });

    it("lists every version and delete marker: keys in UTF-8 byte order, newest first, the first one latest", async () => {
      const expected = log.expected();
      expect(expected.map((e) => e.key).indexOf(FULLWIDTH_KEY)).toBeLessThan(expected.map((e) => e.key).indexOf(EMOJI_KEY));
      expect(full.versions.map(withoutTime)).toEqual(expected.filter((e) => !e.marker).map(versionFields));
      expect(full.delete_markers.map(withoutTime)).toEqual(expected.filter((e) => e.marker).map(markerFields));
      expect(full).toMatchObject({ is_truncated: false, next_key_marker: null, next_version_id_marker: null, key_count: expected.length });
      expect(full.versions.find((v) => v.key === "docs/a.txt" && v.is_latest)!.etag).toBe(quotedMd5("a333"));
    });

    it("stamps each entry with its write time, in ISO 8601", async () => {
      for (const entry of [...full.versions, ...full.delete_markers]) {
        const { after, before } = log.window(entry.version_id);
        const stamped = Date.parse(entry.last_modified);
        expect(entry.last_modified).toBe(new Date(stamped).toISOString());
        // Backends may keep whole seconds only.
        expect(stamped).toBeGreaterThanOrEqual(Math.floor(after / 1000) * 1000 - 1000);
        expect(stamped).toBeLessThanOrEqual(before + 1000);
      }
    });

    it("pages one entry at a time across every page, and the pages add up to the single-page listing", async () => {
      const expected = log.expected();
      const pages = await walkVersions(ctx.api, bucket, { max_keys: 1 });
      expect(pages).toHaveLength(expected.length);
      pages.forEach((page, index) => {
        expect(page.key_count).toBe(1);
        expect(page.is_truncated).toBe(index < pages.length - 1);
        const [entry] = entriesOf(page);
        if (page.is_truncated) {
          expect(page.next_key_marker).toBe(entry!.key);
          expect(page.next_version_id_marker).toBe(entry!.version_id);
        }
      });
      expect(pages.flatMap(entriesOf)).toEqual(expected);
      expect(pages.flatMap((p) => p.versions)).toEqual(full.versions);
      expect(pages.flatMap((p) => p.delete_markers)).toEqual(full.delete_markers);
    });

    it.each([2, 3, 5])("pages with max_keys=%i to the same listing", async (maxKeys) => {
      const pages = await walkVersions(ctx.api, bucket, { max_keys: maxKeys });
      expect(pages).toHaveLength(Math.ceil(log.expected().length / maxKeys));
      expect(pages.slice(0, -1).every((p) => p.key_count === maxKeys)).toBe(true);
      expect(pages.flatMap((p) => p.versions)).toEqual(full.versions);
      expect(pages.flatMap((p) => p.delete_markers)).toEqual(full.delete_markers);
    });

    it("filters by prefix, paged or not", async () => {
      for (const prefix of ["docs/", "docs/a", "img/"]) {
        const expected = log.expected(prefix);
        const page = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"), { query: { prefix } });
        expect(page.key_count, prefix).toBe(expected.length);
        expect(page.versions).toEqual(full.versions.filter((v) => v.key.startsWith(prefix)));
        expect(page.delete_markers).toEqual(full.delete_markers.filter((m) => m.key.startsWith(prefix)));
        const pages = await walkVersions(ctx.api, bucket, { max_keys: 1, prefix });
        expect(pages.flatMap(entriesOf), prefix).toEqual(expected);
      }
      const none = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"), { query: { prefix: "nothing/" } });
      expect(none).toEqual({ versions: [], delete_markers: [], is_truncated: false, next_key_marker: null, next_version_id_marker: null, key_count: 0 });
    });

    it("starts after key_marker alone with the next key", async ({ skip }) => {
      const defect = ctx.backend.knownDefects.keyMarkerIncludesKey;
      if (defect) return skip(defect);
      const page = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"), { query: { key_marker: "docs/b.txt" } });
      const expected = log.expected().filter((e) => byUtf8(e.key, "docs/b.txt") > 0);
      expect(page.key_count).toBe(expected.length);
      expect(page.versions.map((v) => v.version_id)).toEqual(expected.filter((e) => !e.marker).map((e) => e.version_id));
      expect(page.delete_markers.map((m) => m.version_id)).toEqual(expected.filter((e) => e.marker).map((e) => e.version_id));
    });

    it("answers 400 to max_keys outside 1–1000 and 404 for a missing bucket", async () => {
      for (const max_keys of ["0", "1001", "-1", "1.5", "many"]) {
        await ctx.api.fails("GET", bucketPath(bucket, "/versions"), 400, "ValidationError", { query: { max_keys } });
      }
      await ctx.api.fails("GET", bucketPath(bucket, "/versions"), 400, "ValidationError", { query: { marker: "x" } });
      const missing = ctx.name("versions-missing");
      const error = await ctx.api.fails("GET", bucketPath(missing, "/versions"), 404, "NoSuchBucket");
      expect(error.detail).toContain(missing);
    });

    it("stacks a second delete marker on a key already deleted", async ({ skip }) => {
      const defect = ctx.backend.knownDefects.deleteMarkerOnMarker;
      if (defect) return skip(defect);
      const stacked = await ctx.createVersionedBucket("versions-stacked");
      const again = new WriteLog(ctx.backend.objects, stacked);
      await again.put("k", "v1");
      await again.delete("k");
      await again.delete("k");
      const pages = await walkVersions(ctx.api, stacked, { max_keys: 1 });
      expect(pages.flatMap(entriesOf)).toEqual(again.expected());
      expect(pages.flatMap(entriesOf).map((e) => e.marker)).toEqual([true, true, false]);
    });

    it("reports the null version of unversioned writes and replaces it on overwrite", async () => {
      const plain = await ctx.createBucket("versions-plain");
      const { objects } = ctx.backend;
      expect((await objects.putObject(plain, "k", "first")).versionId).toBe(NULL_VERSION_ID);
      expect((await objects.putObject(plain, "k", "second!")).versionId).toBe(NULL_VERSION_ID);
      const page = await ctx.api.ok("listVersions", bucketPath(plain, "/versions"));
      expect(page.versions.map(withoutTime)).toEqual([
        { key: "k", version_id: NULL_VERSION_ID, is_latest: true, size: 7, etag: quotedMd5("second!"), storage_class: "STANDARD" },
      ]);
      expect(page.delete_markers).toEqual([]);
      await objects.deleteObject(plain, "k");
      expect(await ctx.api.ok("listVersions", bucketPath(plain, "/versions"))).toMatchObject({ versions: [], delete_markers: [], key_count: 0 });
    });

    it("keeps versions written while Enabled and replaces the null version while Suspended", async () => {
      const suspended = await ctx.createVersionedBucket("versions-suspended");
      const { objects } = ctx.backend;
      const v1 = (await objects.putObject(suspended, "k", "v1")).versionId;
      await ctx.setVersioning(suspended, "Suspended");
      expect((await objects.putObject(suspended, "k", "n1")).versionId).toBe(NULL_VERSION_ID);
      await objects.putObject(suspended, "k", "n22"); // replaces the null version
      await objects.putObject(suspended, "k2", "only");

      const page = await ctx.api.ok("listVersions", bucketPath(suspended, "/versions"));
      expect(page.versions.map(withoutTime)).toEqual([
        { key: "k", version_id: NULL_VERSION_ID, is_latest: true, size: 3, etag: quotedMd5("n22"), storage_class: "STANDARD" },
        { key: "k", version_id: v1, is_latest: false, size: 2, etag: quotedMd5("v1"), storage_class: "STANDARD" },
        { key: "k2", version_id: NULL_VERSION_ID, is_latest: true, size: 4, etag: quotedMd5("only"), storage_class: "STANDARD" },
      ]);
      expect(page.delete_markers).toEqual([]);
      // Paging resumes after a "null" version id marker.
      const pages = await walkVersions(ctx.api, suspended, { max_keys: 1 });
      expect(pages.map((p) => [p.next_key_marker, p.next_version_id_marker])).toEqual([["k", NULL_VERSION_ID], ["k", v1], [null, null]]);
      expect(pages.flatMap((p) => p.versions)).toEqual(page.versions);
    });

    describe("a null delete marker over older versions", () => {
      let bucket: string;
      let v1: string;

      beforeAll(async () => {
        bucket = await ctx.createVersionedBucket("versions-null-marker");
        const { objects } = ctx.backend;
        v1 = (await objects.putObject(bucket, "k", "v1")).versionId;
        await ctx.setVersioning(bucket, "Suspended");
        await objects.putObject(bucket, "k", "n1");
        const marker = await objects.deleteObject(bucket, "k"); // a null delete marker replaces the null version
        expect(marker).toEqual({ versionId: NULL_VERSION_ID, deleteMarker: true });
        await objects.putObject(bucket, "k2", "only");
      });

      it("is listed as the latest entry, the null version gone", async () => {
        const page = await ctx.api.ok("listVersions", bucketPath(bucket, "/versions"));
        expect(page.versions.map(withoutTime)).toEqual([
          { key: "k", version_id: v1, is_latest: false, size: 2, etag: quotedMd5("v1"), storage_class: "STANDARD" },
          { key: "k2", version_id: NULL_VERSION_ID, is_latest: true, size: 4, etag: quotedMd5("only"), storage_class: "STANDARD" },
        ]);
        expect(page.delete_markers.map(withoutTime)).toEqual([{ key: "k", version_id: NULL_VERSION_ID, is_latest: true }]);
        const objectsPage = await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"));
        expect(objectsPage.objects.map((o) => o.key)).toEqual(["k2"]);
      });

      it("pages past it to the versions beneath", async ({ skip }) => {
        const defect = ctx.backend.knownDefects.nullDeleteMarkerResume;
        if (defect) return skip(defect);
        const pages = await walkVersions(ctx.api, bucket, { max_keys: 1 });
        expect(pages.flatMap(entriesOf).map((e) => [e.key, e.version_id, e.marker])).toEqual([
          ["k", NULL_VERSION_ID, true],
          ["k", v1, false],
          ["k2", NULL_VERSION_ID, false],
        ]);
      });
    });
  });
}
