import { describe, expect, it } from "vitest";
import { NULL_VERSION_ID } from "@rahcp/core";
import { entriesOf, expectStoreError, openStore } from "./store-fixture";

const EMPTY_MD5 = '"d41d8cd98f00b204e9800998ecf8427e"';

describe("embedded store: versioning lifecycle", () => {
  it("keeps one null version per key while versioning was never enabled", async () => {
    const store = await openStore();
    await store.createBucket("plain");
    expect(await store.getVersioning("plain")).toEqual({ status: null, mfaDelete: null });

    expect(await store.putObject("plain", "a.txt", "")).toEqual({ versionId: NULL_VERSION_ID, etag: EMPTY_MD5 });
    const second = await store.putObject("plain", "a.txt", "hello");
    expect(second).toEqual({ versionId: NULL_VERSION_ID, etag: '"5d41402abc4b2a76b9719d911017c592"' });

    const page = await store.listVersions({ bucket: "plain", maxKeys: 1000 });
    expect(page.deleteMarkers).toEqual([]);
    expect(page.versions).toHaveLength(1);
    expect(page.versions[0]).toMatchObject({ key: "a.txt", versionId: NULL_VERSION_ID, isLatest: true, size: 5, etag: second.etag, storageClass: "STANDARD" });
    expect(page.versions[0]!.lastModified).toBeInstanceOf(Date);
    expect(new TextDecoder().decode((await store.getObject("plain", "a.txt"))!.body)).toBe("hello");

    // Deleting without a version id removes the object; no delete marker on an unversioned bucket.
    expect(await store.deleteObject("plain", "a.txt")).toEqual({ deleteMarker: false });
    expect(entriesOf(await store.listVersions({ bucket: "plain", maxKeys: 1000 }))).toEqual([]);
    await store.deleteBucket("plain");
  });

  it("gives every put a new unique version id once Enabled, and deletes add a latest delete marker", async () => {
    const store = await openStore();
    await store.createBucket("versioned");
    await store.putObject("versioned", "k", "before"); // null version from before versioning
    await store.putVersioning("versioned", "Enabled");
    expect((await store.getVersioning("versioned")).status).toBe("Enabled");

    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await store.putObject("versioned", "k", `v${i}`)).versionId);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);

    let page = await store.listVersions({ bucket: "versioned", maxKeys: 1000 });
    // Newest first, then the null version written before versioning was enabled.
    expect(page.versions.map((v) => v.versionId)).toEqual([...ids].reverse().concat(NULL_VERSION_ID));
    expect(page.versions.map((v) => v.isLatest)).toEqual([true, false, false, false, false, false]);

    const marker = await store.deleteObject("versioned", "k");
    expect(marker.deleteMarker).toBe(true);
    expect(marker.versionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await store.getObject("versioned", "k")).toBeUndefined();
    expect(new TextDecoder().decode((await store.getObject("versioned", "k", ids[2]))!.body)).toBe("v2");

    page = await store.listVersions({ bucket: "versioned", maxKeys: 1000 });
    expect(page.deleteMarkers).toEqual([{ key: "k", versionId: marker.versionId, isLatest: true, lastModified: expect.any(Date) }]);
    expect(page.versions.every((v) => !v.isLatest)).toBe(true);
    expect(page.versions).toHaveLength(6);

    // Deleting the marker by id restores the newest version as latest.
    expect(await store.deleteObject("versioned", "k", marker.versionId)).toEqual({ versionId: marker.versionId, deleteMarker: true });
    // Deleting a version by id removes it permanently.
    expect(await store.deleteObject("versioned", "k", ids[4])).toEqual({ versionId: ids[4], deleteMarker: false });
    page = await store.listVersions({ bucket: "versioned", maxKeys: 1000 });
    expect(page.deleteMarkers).toEqual([]);
    expect(page.versions.map((v) => [v.versionId, v.isLatest])).toEqual([
      [ids[3], true],
      [ids[2], false],
      [ids[1], false],
      [ids[0], false],
      [NULL_VERSION_ID, false],
    ]);
    expect(new TextDecoder().decode((await store.getObject("versioned", "k"))!.body)).toBe("v3");

    // A missing (well-formed) version is not an error; a malformed one is.
    expect(await store.deleteObject("versioned", "k", ids[4])).toEqual({ versionId: ids[4], deleteMarker: false });
    await expectStoreError(store.deleteObject("versioned", "k", "not a version"), "InvalidArgument");
  });

  it("writes the null version while Suspended, replacing the previous null version and keeping older ones", async () => {
    const store = await openStore();
    await store.createBucket("suspended");
    await store.putVersioning("suspended", "Enabled");
    const kept = await store.putObject("suspended", "k", "kept");
    await store.putVersioning("suspended", "Suspended");
    expect((await store.getVersioning("suspended")).status).toBe("Suspended");

    expect((await store.putObject("suspended", "k", "first null")).versionId).toBe(NULL_VERSION_ID);
    const second = await store.putObject("suspended", "k", "second null");
    expect(second.versionId).toBe(NULL_VERSION_ID);
    let page = await store.listVersions({ bucket: "suspended", maxKeys: 1000 });
    expect(page.versions.map((v) => [v.versionId, v.isLatest, v.etag])).toEqual([
      [NULL_VERSION_ID, true, second.etag],
      [kept.versionId, false, kept.etag],
    ]);

    // A delete while suspended replaces the null version with a null delete marker.
    expect(await store.deleteObject("suspended", "k")).toEqual({ versionId: NULL_VERSION_ID, deleteMarker: true });
    page = await store.listVersions({ bucket: "suspended", maxKeys: 1000 });
    expect(page.deleteMarkers.map((m) => [m.versionId, m.isLatest])).toEqual([[NULL_VERSION_ID, true]]);
    expect(page.versions.map((v) => [v.versionId, v.isLatest])).toEqual([[kept.versionId, false]]);

    // Re-enabling: new puts get ids again; the null marker stays as an older entry.
    await store.putVersioning("suspended", "Enabled");
    const after = await store.putObject("suspended", "k", "again");
    expect(after.versionId).not.toBe(NULL_VERSION_ID);
    page = await store.listVersions({ bucket: "suspended", maxKeys: 1000 });
    expect(page.versions.map((v) => v.versionId)).toEqual([after.versionId, kept.versionId]);
    expect(page.deleteMarkers.map((m) => [m.versionId, m.isLatest])).toEqual([[NULL_VERSION_ID, false]]);
  });

  it("allows Suspended on a bucket that was never versioned", async () => {
    const store = await openStore();
    await store.createBucket("never");
    await store.putVersioning("never", "Suspended");
    expect(await store.getVersioning("never")).toEqual({ status: "Suspended", mfaDelete: "Disabled" }); // as Ceph RGW reports it
    expect((await store.deleteObject("never", "missing")).deleteMarker).toBe(true);
  });

  it("rejects empty and over-long keys and answers NoSuchBucket for object calls on a missing bucket", async () => {
    const store = await openStore();
    await store.createBucket("keys");
    await expectStoreError(store.putObject("keys", "", "x"), "InvalidArgument");
    await expectStoreError(store.putObject("keys", "é".repeat(513), "x"), "InvalidArgument"); // 1026 bytes
    expect((await store.putObject("keys", "é".repeat(512), "x")).versionId).toBe(NULL_VERSION_ID); // 1024 bytes
    await expectStoreError(store.putObject("missing", "k", "x"), "NoSuchBucket");
    await expectStoreError(store.deleteObject("missing", "k"), "NoSuchBucket");
    await expectStoreError(store.listVersions({ bucket: "missing", maxKeys: 10 }), "NoSuchBucket");
    await expectStoreError(store.listObjects({ bucket: "missing", maxKeys: 10 }), "NoSuchBucket");
    await expectStoreError(store.getVersioning("missing"), "NoSuchBucket");
    await expectStoreError(store.putVersioning("missing", "Enabled"), "NoSuchBucket");
  });

  it("serializes concurrent writes: every put is kept and ids stay unique", async () => {
    const store = await openStore();
    await store.createBucket("busy");
    await store.putVersioning("busy", "Enabled");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.putObject("busy", `k${i % 7}`, `body ${i}`)),
    );
    expect(new Set(results.map((r) => r.versionId)).size).toBe(200);
    const page = await store.listVersions({ bucket: "busy", maxKeys: 1000 });
    expect(page.versions).toHaveLength(200);
    expect(page.versions.filter((v) => v.isLatest)).toHaveLength(7);

    // Concurrent overwrites of an unversioned key leave exactly one null version.
    await store.createBucket("overwrite");
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.putObject("overwrite", "same", `${i}`)));
    const single = await store.listVersions({ bucket: "overwrite", maxKeys: 1000 });
    expect(single.versions.map((v) => v.versionId)).toEqual([NULL_VERSION_ID]);
    expect(new TextDecoder().decode((await store.getObject("overwrite", "same"))!.body)).toBe("49");
  });
});
