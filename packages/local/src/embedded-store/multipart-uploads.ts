import { randomBytes } from "node:crypto";
import type { MultipartUpload, UploadsPage } from "@rahcp/core";
import { compareUtf8 } from "./utf8-order";

/** An in-progress multipart upload as bucket.json keeps it. */
export interface StoredUpload {
  key: string;
  uploadId: string;
  initiated: string;
}

/** A new opaque upload id (RGW's look: "2~" and 32 URL-safe characters). */
export function newUploadId(): string {
  return `2~${randomBytes(24).toString("base64url")}`;
}

/** ListMultipartUploads order as Ceph RGW lists: keys in UTF-8 byte order, one key's uploads by upload id. */
function byKeyThenId(a: StoredUpload, b: StoredUpload): number {
  return compareUtf8(a.key, b.key) || compareUtf8(a.uploadId, b.uploadId);
}

/**
 * One page of ListMultipartUploads over a bucket's uploads: after `keyMarker` (all of that key's
 * uploads) or, with `uploadIdMarker`, after that upload of that key; at most `max`.
 */
export function uploadsPage(
  uploads: readonly StoredUpload[],
  request: { prefix?: string | undefined; max: number; keyMarker?: string | undefined; uploadIdMarker?: string | undefined },
): UploadsPage {
  const sorted = uploads.filter((u) => u.key.startsWith(request.prefix ?? "")).sort(byKeyThenId);
  let start = 0;
  if (request.keyMarker !== undefined) {
    const marker = request.keyMarker;
    const resumeAt = request.uploadIdMarker === undefined ? -1 : sorted.findIndex((u) => u.key === marker && u.uploadId === request.uploadIdMarker);
    start = resumeAt >= 0 ? resumeAt + 1 : sorted.findIndex((u) => compareUtf8(u.key, marker) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + request.max);
  const isTruncated = start + page.length < sorted.length;
  const last = page.at(-1);
  return {
    uploads: page.map((u): MultipartUpload => ({ key: u.key, uploadId: u.uploadId, initiated: new Date(u.initiated), storageClass: "STANDARD" })),
    isTruncated,
    nextKeyMarker: isTruncated && last ? last.key : null,
    nextUploadIdMarker: isTruncated && last ? last.uploadId : null,
  };
}
