import { describe, expect, it } from "vitest";
import { RahcpClient, type ListObjectsResponse, type ListUploadsResponse, type ListVersionsResponse, type VersionEntry } from "@rahcp/client";
import { json, scriptedFetch } from "../support/mock-fetch";

const T = "2025-01-02T03:04:05.000Z";

function objectsPage(keys: string[], next: string | null, prefixes: string[] = []): ListObjectsResponse {
  return {
    objects: keys.map((key) => ({ key, size: key.length, last_modified: T, etag: `"${key}"`, storage_class: "STANDARD" })),
    common_prefixes: prefixes,
    is_truncated: next !== null,
    next_continuation_token: next,
    key_count: keys.length + prefixes.length,
  };
}

function client(mock: ReturnType<typeof scriptedFetch>) {
  return new RahcpClient({ endpoint: "http://api.test", token: "t", retries: 0, fetch: mock.fetch });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("object listing pagination", () => {
  it("listObjects returns one page as the API sent it", async () => {
    const page = objectsPage(["a", "b"], "tok-1");
    const mock = scriptedFetch(json(200, page));
    expect(await client(mock).s3.listObjects("b1", { maxKeys: 2 })).toEqual(page);
    expect(mock.calls).toHaveLength(1);
  });

  it("listObjectsPages follows next_continuation_token, keeping the other options", async () => {
    const mock = scriptedFetch(json(200, objectsPage(["a/1", "a/2"], "tok-1", ["a/d/"])), json(200, objectsPage(["a/3"], "tok-2")), json(200, objectsPage([], null)));
    const pages = await collect(client(mock).s3.listObjectsPages("b1", { prefix: "a/", delimiter: "/", maxKeys: 2 }));
    expect(pages.map((p) => p.objects.map((o) => o.key))).toEqual([["a/1", "a/2"], ["a/3"], []]);
    expect(pages[0]!.common_prefixes).toEqual(["a/d/"]);
    expect(mock.calls.map((c) => Object.fromEntries(c.url.searchParams))).toEqual([
      { prefix: "a/", delimiter: "/", max_keys: "2" },
      { prefix: "a/", delimiter: "/", max_keys: "2", continuation_token: "tok-1" },
      { prefix: "a/", delimiter: "/", max_keys: "2", continuation_token: "tok-2" },
    ]);
  });

  it("iterObjects yields every object across pages and stops at the last page", async () => {
    const mock = scriptedFetch(json(200, objectsPage(["k1", "k2"], "t1")), json(200, objectsPage(["k3"], null)));
    const keys = (await collect(client(mock).s3.iterObjects("b1"))).map((o) => o.key);
    expect(keys).toEqual(["k1", "k2", "k3"]);
    expect(mock.remaining()).toBe(0);
  });

  it("starts from a given continuation token", async () => {
    const mock = scriptedFetch(json(200, objectsPage(["k9"], null)));
    await collect(client(mock).s3.iterObjects("b1", { continuationToken: "resume" }));
    expect(mock.calls[0]!.url.searchParams.get("continuation_token")).toBe("resume");
  });

  it("breaking out of the loop stops fetching", async () => {
    const mock = scriptedFetch(json(200, objectsPage(["k1", "k2"], "t1")), json(200, objectsPage(["k3"], null)));
    for await (const object of client(mock).s3.iterObjects("b1")) {
      expect(object.key).toBe("k1");
      break;
    }
    expect(mock.calls).toHaveLength(1);
  });

  it("a truncated page without a token, or repeating the token, is an error rather than a loop", async () => {
    const noToken = scriptedFetch(json(200, { ...objectsPage(["k1"], null), is_truncated: true }));
    await expect(collect(client(noToken).s3.iterObjects("b1"))).rejects.toMatchObject({ code: "InvalidResponse" });
    const sameToken = scriptedFetch(json(200, objectsPage(["k1"], "t1")), json(200, objectsPage(["k1"], "t1")));
    await expect(collect(client(sameToken).s3.iterObjects("b1"))).rejects.toThrow(/without a new pagination marker/);
    expect(sameToken.calls).toHaveLength(2);
  });
});

function versionsPage(partial: Partial<ListVersionsResponse>): ListVersionsResponse {
  return { versions: [], delete_markers: [], is_truncated: false, next_key_marker: null, next_version_id_marker: null, key_count: 0, ...partial };
}

describe("version listing pagination", () => {
  it("listVersionsPages passes next_key_marker and next_version_id_marker back", async () => {
    const v = (key: string, id: string, at: string) => ({ key, version_id: id, is_latest: false, last_modified: at, size: 1, etag: '"e"', storage_class: "STANDARD" });
    const mock = scriptedFetch(
      json(200, versionsPage({ versions: [v("a", "v2", T)], is_truncated: true, next_key_marker: "a", next_version_id_marker: "v2", key_count: 1 })),
      json(200, versionsPage({ versions: [v("a", "v1", T)], is_truncated: true, next_key_marker: "b", next_version_id_marker: null, key_count: 1 })),
      json(200, versionsPage({ versions: [v("c", "v9", T)], key_count: 1 })),
    );
    const pages = await collect(client(mock).s3.listVersionsPages("b1", { prefix: "p", maxKeys: 1 }));
    expect(pages).toHaveLength(3);
    expect(mock.calls.map((c) => Object.fromEntries(c.url.searchParams))).toEqual([
      { prefix: "p", max_keys: "1" },
      { prefix: "p", max_keys: "1", key_marker: "a", version_id_marker: "v2" },
      { prefix: "p", max_keys: "1", key_marker: "b" },
    ]);
  });

  it("iterVersions merges versions and delete markers by key, newest first, tagged by kind", async () => {
    const page = versionsPage({
      versions: [
        { key: "a", version_id: "a2", is_latest: true, last_modified: "2025-01-03T00:00:00.000Z", size: 2, etag: '"2"', storage_class: "STANDARD" },
        { key: "a", version_id: "a1", is_latest: false, last_modified: "2025-01-01T00:00:00.000Z", size: 1, etag: '"1"', storage_class: "STANDARD" },
        { key: "c", version_id: "c1", is_latest: false, last_modified: "2025-01-01T00:00:00.000Z", size: 1, etag: '"1"', storage_class: "STANDARD" },
      ],
      delete_markers: [
        { key: "b", version_id: "b-dm", is_latest: true, last_modified: "2025-01-05T00:00:00.000Z" },
        { key: "c", version_id: "c-dm", is_latest: true, last_modified: "2025-01-02T00:00:00.000Z" },
      ],
      key_count: 5,
    });
    const mock = scriptedFetch(json(200, page));
    const entries: VersionEntry[] = await collect(client(mock).s3.iterVersions("b1"));
    expect(entries.map((e) => `${e.kind}:${e.version_id}`)).toEqual(["version:a2", "version:a1", "delete_marker:b-dm", "delete_marker:c-dm", "version:c1"]);
  });

  it("iterVersions puts the latest entry first when a marker and a version share a timestamp", async () => {
    const page = versionsPage({
      versions: [{ key: "k", version_id: "v1", is_latest: false, last_modified: T, size: 1, etag: '"1"', storage_class: "STANDARD" }],
      delete_markers: [{ key: "k", version_id: "dm", is_latest: true, last_modified: T }],
      key_count: 2,
    });
    const mock = scriptedFetch(json(200, page));
    expect((await collect(client(mock).s3.iterVersions("b1"))).map((e) => e.version_id)).toEqual(["dm", "v1"]);
  });
});

function uploadsPage(keys: [string, string][], next: [string, string | null] | null): ListUploadsResponse {
  return {
    uploads: keys.map(([key, id]) => ({ key, upload_id: id, initiated: T, storage_class: "STANDARD" })),
    is_truncated: next !== null,
    next_key_marker: next?.[0] ?? null,
    next_upload_id_marker: next?.[1] ?? null,
  };
}

describe("multipart upload listing pagination", () => {
  it("listUploads returns one page, with its filters as query parameters", async () => {
    const page = uploadsPage([["a", "u1"]], ["a", "u1"]);
    const mock = scriptedFetch(json(200, page));
    expect(await client(mock).s3.listUploads("b1", { prefix: "a", maxUploads: 1, keyMarker: "0", uploadIdMarker: "u0" })).toEqual(page);
    expect(mock.calls.map((c) => `${c.url.pathname}?${c.url.searchParams}`)).toEqual(["/api/v1/buckets/b1/uploads?prefix=a&max_uploads=1&key_marker=0&upload_id_marker=u0"]);
  });

  it("listUploadsPages passes next_key_marker and next_upload_id_marker back; iterUploads yields every upload", async () => {
    const script = () =>
      scriptedFetch(
        json(200, uploadsPage([["a", "u1"], ["a", "u2"]], ["a", "u2"])),
        json(200, uploadsPage([["b", "u3"]], ["b", null])),
        json(200, uploadsPage([["c", "u4"]], null)),
      );
    const paged = script();
    const pages = await collect(client(paged).s3.listUploadsPages("b1", { prefix: "", maxUploads: 2 }));
    expect(pages.map((p) => p.uploads.map((u) => u.upload_id))).toEqual([["u1", "u2"], ["u3"], ["u4"]]);
    expect(paged.calls.map((c) => Object.fromEntries(c.url.searchParams))).toEqual([
      { prefix: "", max_uploads: "2" },
      { prefix: "", max_uploads: "2", key_marker: "a", upload_id_marker: "u2" },
      { prefix: "", max_uploads: "2", key_marker: "b" },
    ]);
    const iterated = script();
    expect((await collect(client(iterated).s3.iterUploads("b1"))).map((u) => `${u.key}:${u.upload_id}`)).toEqual(["a:u1", "a:u2", "b:u3", "c:u4"]);
  });

  it("starts at the given markers, and a truncated page repeating them is an error rather than a loop", async () => {
    const resumed = scriptedFetch(json(200, uploadsPage([["k", "u9"]], null)));
    await collect(client(resumed).s3.iterUploads("b1", { keyMarker: "j", uploadIdMarker: "u8" }));
    expect(Object.fromEntries(resumed.calls[0]!.url.searchParams)).toEqual({ key_marker: "j", upload_id_marker: "u8" });

    const stuck = scriptedFetch(json(200, uploadsPage([["k", "u9"]], ["j", "u8"])));
    await expect(collect(client(stuck).s3.iterUploads("b1", { keyMarker: "j", uploadIdMarker: "u8" }))).rejects.toMatchObject({ code: "InvalidResponse" });
  });
});
