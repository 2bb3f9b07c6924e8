import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import { StoreError, type StoreErrorCode, type VersionsPage } from "@rahcp/core";
import { EmbeddedBucketStore, type EmbeddedStoreOptions } from "../../packages/local/src/embedded-store";

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A fresh data dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rahcp-embedded-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store (in a fresh dir unless given), closed after the test. */
export async function openStore(dir?: string, options?: EmbeddedStoreOptions): Promise<EmbeddedBucketStore> {
  const store = await EmbeddedBucketStore.open(dir ?? (await tempDir()), options);
  cleanups.unshift(() => store.close()); // before the dir removal that runs after it
  return store;
}

export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  return error as StoreError;
}

export interface Entry {
  key: string;
  versionId: string;
  isLatest: boolean;
  marker: boolean;
}

/**
 * A page's entries: versions, then delete markers. The page's own interleaving is not visible in
 * two arrays, so order checks walk the listing one entry per page (see listAllVersions).
 */
export function entriesOf(page: VersionsPage): Entry[] {
  return [
    ...page.versions.map((v) => ({ key: v.key, versionId: v.versionId, isLatest: v.isLatest, marker: false })),
    ...page.deleteMarkers.map((m) => ({ key: m.key, versionId: m.versionId, isLatest: m.isLatest, marker: true })),
  ];
}

/** Walks a whole versions listing with `maxKeys` per page, following the Next markers. */
export async function listAllVersions(
  store: EmbeddedBucketStore,
  bucket: string,
  maxKeys: number,
  prefix?: string,
): Promise<{ entries: Entry[]; pages: VersionsPage[] }> {
  const pages: VersionsPage[] = [];
  const entries: Entry[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await store.listVersions({ bucket, prefix, maxKeys, keyMarker, versionIdMarker });
    pages.push(page);
    entries.push(...entriesOf(page));
    if (!page.isTruncated) {
      expect(page.nextKeyMarker).toBeNull();
      expect(page.nextVersionIdMarker).toBeNull();
      return { entries, pages };
    }
    expect(page.nextKeyMarker).not.toBeNull();
    keyMarker = page.nextKeyMarker!;
    versionIdMarker = page.nextVersionIdMarker!;
    if (pages.length > 100_000) throw new Error("listing does not end");
  }
}
