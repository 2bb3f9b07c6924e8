import { forEachLimited } from "./concurrency";
import type { BucketStore, DeleteVersionsResult } from "./store/bucket-store";
import { StoreError } from "./store/store-error";

/**
 * Force delete: empties a bucket (every object version, every delete marker, every in-progress
 * multipart upload) in batches, then deletes it. No job store: the bucket itself is the state, so a
 * call continues wherever the bucket now stands, and two calls at once only repeat each other's
 * deletions (S3 treats deleting a version that is gone as done).
 */

/** S3's page size: ListObjectVersions returns at most 1000 entries, ListMultipartUploads 1000 uploads. */
export const FORCE_BATCH = 1000;
/**
 * Versions per DeleteObjects request (S3 takes up to 1000): the backend deletes them one by one before
 * it answers, so a full 1000 can outlast one attempt's request timeout (4.5 s) on a busy HCP or RGW.
 */
export const DELETE_CHUNK = 250;
/** AbortMultipartUpload has no batch form: this many at a time. */
const ABORT_CONCURRENCY = 8;

export type ForceDeleteOutcome =
  /** The bucket is gone (this call deleted it, or a concurrent one did). */
  | { kind: "deleted"; deleted: number }
  /** Time ran out first: call again. */
  | { kind: "emptying"; deleted: number }
  /** Everything else is gone, but these versions could not be deleted: the bucket stays. */
  | { kind: "blocked"; deleted: number; failed: DeleteVersionsResult["failed"] }
  /** Nothing is listed any more, yet the backend still calls the bucket not empty (HCP's deletion records). */
  | { kind: "deletion-records"; deleted: number };

export interface ForceDeleteOptions {
  /** Epoch ms after which no new batch starts (the call's budget), once one batch has removed something. */
  budgetEnd: number;
  /** Epoch ms at which calls still running are aborted, so the answer still fits the invocation. */
  hardDeadline: number;
  now?: () => number;
}

const DEADLINE = "force delete: this request's time is spent";

export async function forceDelete(store: BucketStore, bucket: string, options: ForceDeleteOptions): Promise<ForceDeleteOutcome> {
  const now = options.now ?? Date.now;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(DEADLINE), Math.max(0, options.hardDeadline - now()));
  const signal = controller.signal;
  let deleted = 0;
  const failed: DeleteVersionsResult["failed"] = [];
  // Every call makes progress (one batch that removes something) whatever the budget; after that a
  // batch starts only when the longest one so far still fits in it.
  let worked = false;
  let longest = 0;
  const mayStart = () => !worked || now() + longest <= Math.min(options.budgetEnd, options.hardDeadline);
  const timed = async <T>(batch: () => Promise<T>): Promise<T> => {
    const started = now();
    try {
      return await batch();
    } finally {
      longest = Math.max(longest, now() - started);
    }
  };

  try {
    let versionsAt: { keyMarker?: string; versionIdMarker?: string } = {};
    for (;;) {
      if (!mayStart()) return { kind: "emptying", deleted };
      const page = await timed(async () => {
        const page = await store.listVersions({ bucket, maxKeys: FORCE_BATCH, ...versionsAt }, { signal });
        const batch = [...page.versions, ...page.deleteMarkers].map(({ key, versionId }) => ({ key, versionId }));
        for (let at = 0; at < batch.length; at += DELETE_CHUNK) {
          const result = await store.deleteVersions(bucket, batch.slice(at, at + DELETE_CHUNK), { signal });
          deleted += result.deleted;
          failed.push(...result.failed);
          if (result.deleted > 0) worked = true;
        }
        return page;
      });
      if (!page.isTruncated || page.nextKeyMarker === null) break;
      // Everything listed so far is gone: list from the top again (Ceph RGW resuming at a marker whose
      // version was deleted skips the rest of that key). Versions that were refused stay and would be
      // listed again, so from then on resume after this page.
      versionsAt =
        failed.length === 0
          ? {}
          : { keyMarker: page.nextKeyMarker, ...(page.nextVersionIdMarker === null ? {} : { versionIdMarker: page.nextVersionIdMarker }) };
    }

    let uploadsAt: { keyMarker?: string; uploadIdMarker?: string } = {};
    for (;;) {
      if (!mayStart()) return { kind: "emptying", deleted };
      const page = await timed(async () => {
        const page = await store.listUploads({ bucket, maxUploads: FORCE_BATCH, ...uploadsAt }, { signal });
        await forEachLimited(page.uploads, ABORT_CONCURRENCY, (u) => store.abortUpload(bucket, u.key, u.uploadId, { signal }));
        if (page.uploads.length > 0) worked = true;
        return page;
      });
      if (!page.isTruncated || page.nextKeyMarker === null) break;
      uploadsAt = { keyMarker: page.nextKeyMarker, ...(page.nextUploadIdMarker === null ? {} : { uploadIdMarker: page.nextUploadIdMarker }) };
    }

    if (failed.length > 0) return { kind: "blocked", deleted, failed };
    try {
      await store.deleteBucket(bucket, { signal });
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      if (error.code === "NoSuchBucket") return { kind: "deleted", deleted }; // a concurrent force delete finished first
      if (error.code !== "BucketNotEmpty") throw error;
      // Written to meanwhile, or HCP's deletion records: which one, the listings tell.
      const [versions, uploads] = await Promise.all([
        store.listVersions({ bucket, maxKeys: 1 }, { signal }),
        store.listUploads({ bucket, maxUploads: 1 }, { signal }),
      ]);
      const empty = versions.versions.length + versions.deleteMarkers.length + uploads.uploads.length === 0;
      return empty ? { kind: "deletion-records", deleted } : { kind: "emptying", deleted };
    }
    return { kind: "deleted", deleted };
  } catch (error) {
    // The invocation's time ran out mid-batch: not a failure of the backend, just the end of this call.
    if (signal.aborted && signal.reason === DEADLINE) return { kind: "emptying", deleted };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
