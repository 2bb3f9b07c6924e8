import { expect } from "vitest";
import type { ListObjectsResponse, ListVersionsResponse } from "@rahcp/core/schemas/responses";
import type { ApiClient } from "./api-client";
import type { ExpectedEntry } from "./write-log";

/** Far more pages than any listing in the suite has: a listing that never ends fails instead of hanging. */
const PAGE_LIMIT = 200;

export type VersionsPage = ListVersionsResponse;
export type ObjectsPage = ListObjectsResponse;

/** A page's entries as the listing's single sequence (exact only for one-entry pages: two arrays hide the interleaving). */
export function entriesOf(page: VersionsPage): ExpectedEntry[] {
  return [
    ...page.versions.map((v) => ({ key: v.key, version_id: v.version_id, is_latest: v.is_latest, marker: false, etag: v.etag, size: v.size })),
    ...page.delete_markers.map((m) => ({ key: m.key, version_id: m.version_id, is_latest: m.is_latest, marker: true })),
  ];
}

/** Follows next_key_marker / next_version_id_marker from the first page until is_truncated is false. */
export async function walkVersions(
  api: ApiClient,
  bucket: string,
  query: { max_keys: number; prefix?: string },
): Promise<VersionsPage[]> {
  const pages: VersionsPage[] = [];
  let markers: { key_marker?: string; version_id_marker?: string } = {};
  for (;;) {
    const page = await api.ok("listVersions", `/api/v1/buckets/${bucket}/versions`, { query: { ...query, ...markers } });
    pages.push(page);
    expect(page.key_count).toBe(page.versions.length + page.delete_markers.length);
    expect(page.key_count).toBeLessThanOrEqual(query.max_keys);
    if (!page.is_truncated) {
      expect(page.next_key_marker).toBeNull();
      expect(page.next_version_id_marker).toBeNull();
      return pages;
    }
    expect(page.next_key_marker).toEqual(expect.any(String));
    expect(page.next_version_id_marker).toEqual(expect.any(String));
    markers = { key_marker: page.next_key_marker!, version_id_marker: page.next_version_id_marker! };
    if (pages.length > PAGE_LIMIT) throw new Error(`versions listing of ${bucket} did not end after ${PAGE_LIMIT} pages`);
  }
}

/** Follows next_continuation_token from the first page until is_truncated is false. */
export async function walkObjects(
  api: ApiClient,
  bucket: string,
  query: { max_keys: number; prefix?: string; delimiter?: string },
): Promise<ObjectsPage[]> {
  const pages: ObjectsPage[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await api.ok("listObjects", `/api/v1/buckets/${bucket}/objects`, {
      query: { ...query, continuation_token: token },
    });
    pages.push(page);
    expect(page.key_count).toBe(page.objects.length + page.common_prefixes.length);
    expect(page.key_count).toBeLessThanOrEqual(query.max_keys);
    if (!page.is_truncated) {
      expect(page.next_continuation_token).toBeNull();
      return pages;
    }
    expect(page.next_continuation_token).toEqual(expect.any(String));
    token = page.next_continuation_token!;
    if (pages.length > PAGE_LIMIT) throw new Error(`objects listing of ${bucket} did not end after ${PAGE_LIMIT} pages`);
  }
}
