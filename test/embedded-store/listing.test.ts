import { describe, expect, it } from "vitest";
import { NULL_VERSION_ID } from "@rahcp/core";
import type { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";
import { entriesOf, expectStoreError, listAllVersions, openStore, type Entry } from "./store-fixture";

/** Versioned bucket with several keys, versions and delete markers; returns the expected listing order. */
async function seed(store: EmbeddedBucketStore, bucket: string): Promise<Entry[]> {
  await store.createBucket(bucket);
  await store.putVersioning(bucket, "Enabled");
  const written: { key: string; versionId: string; marker: boolean }[] = [];
  const put = async (key: string) => written.push({ key, versionId: (await store.putObject(bucket, key, key)).versionId, marker: false });
  const del = async (key: string) => written.push({ key, versionId: (await store.deleteObject(bucket, key)).versionId!, marker: true });
  await put("photos/b.jpg");
  await put("docs/a.txt");
  await put("photos/b.jpg");
  await del("docs/a.txt");
  await put("docs/a.txt");
  await del("photos/b.jpg");
  await put("readme");
  await del("gone"); // a key that only ever had a delete marker
  await put("docs/a.txt");
  // Expected: keys ascending, each key's entries newest first, the newest one latest.
  const keys = [...new Set(written.map((w) => w.key))].sort();
  return keys.flatMap((key) =>
    written
      .filter((w) => w.key === key)
      .reverse()
      .map((w, i) => ({ key, versionId: w.versionId, isLatest: i === 0, marker: w.marker })),
  );
}

describe("embedded store: ListObjectVersions", () => {
  it("pages versions and delete markers together, one entry per page with MaxKeys=1", async () => {
    const store = await openStore();
    const expected = await seed(store, "paged");
    expect(expected).toHaveLength(9);
    const { entries, pages } = await listAllVersions(store, "paged", 1);
    expect(entries).toEqual(expected);
    expect(pages).toHaveLength(9);
    // Every page but the last is truncated and names its own entry as the next marker.
    for (const page of pages.slice(0, -1)) {
      const [entry] = entriesOf(page);
      expect(page.isTruncated).toBe(true);
      expect([page.nextKeyMarker, page.nextVersionIdMarker]).toEqual([entry!.key, entry!.versionId]);
    }
    expect(pages.at(-1)!.isTruncated).toBe(false);

    // Larger pages cut the same sequence.
    for (const size of [2, 3, 4, 1000]) {
      const walk = await listAllVersions(store, "paged", size);
      expect(walk.pages).toHaveLength(Math.ceil(9 / size));
      expect(walk.pages.map((p) => entriesOf(p).length)).toEqual(
        Array.from({ length: Math.ceil(9 / size) }, (_, i) => Math.min(size, 9 - i * size)),
      );
      expect(new Set(walk.entries.map((e) => e.versionId + e.key))).toEqual(new Set(expected.map((e) => e.versionId + e.key)));
    }
  });

  it("filters by prefix and resumes after all versions of a key given a KeyMarker alone", async () => {
    const store = await openStore();
    const expected = await seed(store, "prefixed");
    const photos = await listAllVersions(store, "prefixed", 1, "photos/");
    expect(photos.entries).toEqual(expected.filter((e) => e.key.startsWith("photos/")));
    expect((await listAllVersions(store, "prefixed", 1, "nothing/")).entries).toEqual([]);

    const afterDocs = await store.listVersions({ bucket: "prefixed", maxKeys: 1000, keyMarker: "docs/a.txt" });
    expect(new Set(entriesOf(afterDocs).map((e) => e.key))).toEqual(new Set(["gone", "photos/b.jpg", "readme"]));
    // A key marker that is not a key starts after where it would sort.
    const afterF = await store.listVersions({ bucket: "prefixed", maxKeys: 1000, keyMarker: "f" });
    expect(entriesOf(afterF).map((e) => e.key)).not.toContain("docs/a.txt");
    expect(entriesOf(afterF)).toHaveLength(5);
    // Resuming inside a key: the versions older than the marker, then the next keys.
    const docs = expected.filter((e) => e.key === "docs/a.txt");
    const resumed = await listAllVersions(store, "prefixed", 1000);
    expect(resumed.entries).toHaveLength(9);
    const inside = await store.listVersions({ bucket: "prefixed", maxKeys: 2, keyMarker: "docs/a.txt", versionIdMarker: docs[1]!.versionId });
    expect(entriesOf(inside).map((e) => e.versionId).sort()).toEqual([docs[2]!.versionId, docs[3]!.versionId].sort());
    expect(inside.isTruncated).toBe(true);
  });

  it("keeps a version-id marker's place after that version was deleted", async () => {
    const store = await openStore();
    const expected = await seed(store, "moving");
    const first = await store.listVersions({ bucket: "moving", maxKeys: 2 });
    expect(first.nextVersionIdMarker).toBe(expected[1]!.versionId);
    await store.deleteObject("moving", first.nextKeyMarker!, first.nextVersionIdMarker!);
    const rest = await listAllVersions(store, "moving", 1);
    expect(rest.entries.slice(1).map((e) => e.versionId)).toEqual(expected.slice(2).map((e) => e.versionId));
    const next = await store.listVersions({
      bucket: "moving",
      maxKeys: 1,
      keyMarker: first.nextKeyMarker!,
      versionIdMarker: first.nextVersionIdMarker!,
    });
    expect(entriesOf(next)[0]!.versionId).toBe(expected[2]!.versionId);
  });

  it("orders keys by UTF-8 bytes, not UTF-16 code units", async () => {
    const store = await openStore();
    await store.createBucket("unicode");
    // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
    const keys = ["\u{1F600}", "\uFF21", "Z", "a", "a/b", "a-b", "\u00e9"];
    for (const key of keys) await store.putObject("unicode", key, key);
    const byBytes = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(byBytes).toEqual(["Z", "a", "a-b", "a/b", "\u00e9", "\uFF21", "\u{1F600}"]);
    expect((await listAllVersions(store, "unicode", 1)).entries.map((e) => e.key)).toEqual(byBytes);
    const objects = await store.listObjects({ bucket: "unicode", maxKeys: 1000 });
    expect(objects.objects.map((o) => o.key)).toEqual(byBytes);
  });

  it("rejects a version-id marker without a key marker, malformed markers and bad MaxKeys", async () => {
    const store = await openStore();
    await seed(store, "markers");
    await expectStoreError(store.listVersions({ bucket: "markers", maxKeys: 10, versionIdMarker: NULL_VERSION_ID }), "InvalidArgument");
    await expectStoreError(
      store.listVersions({ bucket: "markers", maxKeys: 10, keyMarker: "readme", versionIdMarker: "bogus" }),
      "InvalidArgument",
    );
    await expectStoreError(store.listVersions({ bucket: "markers", maxKeys: -1 }), "InvalidArgument");
    await expectStoreError(store.listVersions({ bucket: "markers", maxKeys: 1.5 }), "InvalidArgument");
    const capped = await store.listVersions({ bucket: "markers", maxKeys: 5000 });
    expect(entriesOf(capped)).toHaveLength(9);
    expect(capped.isTruncated).toBe(false);
  });
});

describe("embedded store: ListObjectsV2", () => {
  it("lists the latest non-deleted version of each key, with common prefixes and continuation tokens", async () => {
    const store = await openStore();
    await store.createBucket("tree");
    await store.putVersioning("tree", "Enabled");
    for (const key of ["a.txt", "dir/one", "dir/two", "dir/sub/three", "empty/x", "z/1", "z/2"]) await store.putObject("tree", key, key);
    const latest = await store.putObject("tree", "a.txt", "newer body");
    await store.deleteObject("tree", "empty/x"); // only a delete marker left: neither object nor prefix

    const flat = await store.listObjects({ bucket: "tree", maxKeys: 1000 });
    expect(flat.objects.map((o) => o.key)).toEqual(["a.txt", "dir/one", "dir/sub/three", "dir/two", "z/1", "z/2"]);
    expect(flat.objects[0]).toMatchObject({ key: "a.txt", size: 10, etag: latest.etag, storageClass: "STANDARD" });
    expect(flat.commonPrefixes).toEqual([]);
    expect(flat).toMatchObject({ isTruncated: false, nextContinuationToken: null });

    const top = await store.listObjects({ bucket: "tree", delimiter: "/", maxKeys: 1000 });
    expect(top.objects.map((o) => o.key)).toEqual(["a.txt"]);
    expect(top.commonPrefixes).toEqual(["dir/", "z/"]);

    const dir = await store.listObjects({ bucket: "tree", prefix: "dir/", delimiter: "/", maxKeys: 1000 });
    expect(dir.objects.map((o) => o.key)).toEqual(["dir/one", "dir/two"]);
    expect(dir.commonPrefixes).toEqual(["dir/sub/"]);

    // MaxKeys counts objects and prefixes together; tokens resume after a collapsed prefix.
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await store.listObjects({ bucket: "tree", delimiter: "/", maxKeys: 1, continuationToken: token });
      pages++;
      expect(page.objects.length + page.commonPrefixes.length).toBe(1);
      seen.push(...page.objects.map((o) => o.key), ...page.commonPrefixes);
      token = page.nextContinuationToken ?? undefined;
      expect(page.isTruncated).toBe(token !== undefined);
    } while (token);
    expect(seen).toEqual(["a.txt", "dir/", "z/"]);
    expect(pages).toBe(3);

    await expectStoreError(store.listObjects({ bucket: "tree", maxKeys: 10, continuationToken: "not*a*token" }), "InvalidArgument");
  });
});
