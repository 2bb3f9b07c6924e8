import { createHash } from "node:crypto";
import { NULL_VERSION_ID } from "@rahcp/core";

/**
 * The object side of the fake S3 (kit/fake-s3.ts): versioning, PutObject, DeleteObject,
 * ListObjectVersions, ListObjectsV2, DeleteObjects and in-progress multipart uploads, in memory,
 * with S3's paging markers. Enough for `npm run seed` and the force-delete benchmark without a
 * real gateway; Ceph RGW stays the reference (the contract suite runs there). Keys compare by UTF-16
 * code units, which is S3's UTF-8 byte order for the ASCII keys these tools write.
 */
export interface FakeAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

interface FakeVersion {
  key: string;
  versionId: string;
  deleteMarker: boolean;
  etag: string;
  size: number;
  lastModified: Date;
  seq: number;
}

interface FakeUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

interface BucketObjects {
  versioning: "Enabled" | "Suspended" | undefined;
  versions: FakeVersion[];
  uploads: FakeUpload[];
}

const PAGE = 1000;

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
const tag = (name: string, value: string | number | boolean) => `<${name}>${typeof value === "string" ? escapeXml(value) : String(value)}</${name}>`;
const byKeyNewestFirst = (a: FakeVersion, b: FakeVersion) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.seq - a.seq);
const xmlError = (status: number, code: string, message: string): FakeAnswer => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake-req</RequestId></Error>`,
});

function pageSize(raw: string | null): number {
  const n = raw === null ? PAGE : Number(raw);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, PAGE) : PAGE;
}

export class FakeObjectStore {
  private readonly buckets = new Map<string, BucketObjects>();
  private seq = 0;

  /** No version, delete marker or upload left (DeleteBucket's BucketNotEmpty check; uploads go with the bucket, as in RGW). */
  isEmpty(bucket: string): boolean {
    return (this.buckets.get(bucket)?.versions.length ?? 0) === 0;
  }

  drop(bucket: string): void {
    this.buckets.delete(bucket);
  }

  clear(): void {
    this.buckets.clear();
  }

  /** Answers an object-level call or a bucket subresource this model owns; undefined: not one of them. */
  handle(method: string, bucket: string, key: string, q: URLSearchParams, body: Buffer): FakeAnswer | undefined {
    const state = this.of(bucket);
    if (key !== "") return this.objectCall(method, state, bucket, key, q, body);
    if (method === "PUT" && q.has("versioning")) {
      const status = /<Status>(Enabled|Suspended)<\/Status>/.exec(body.toString())?.[1] as BucketObjects["versioning"];
      if (!status) return xmlError(400, "MalformedXML", "versioning status must be Enabled or Suspended");
      state.versioning = status;
      return { status: 200 };
    }
    if (method === "GET" && q.has("versioning")) {
      return { status: 200, body: `<VersioningConfiguration>${state.versioning ? tag("Status", state.versioning) : ""}</VersioningConfiguration>` };
    }
    if (method === "GET" && q.has("versions")) return this.listVersions(state, bucket, q);
    if (method === "GET" && q.has("uploads")) return this.listUploads(state, bucket, q);
    if (method === "GET" && q.get("list-type") === "2") return this.listObjects(state, bucket, q);
    if (method === "POST" && q.has("delete")) return this.deleteObjects(state, body);
    return undefined;
  }

  private of(bucket: string): BucketObjects {
    let state = this.buckets.get(bucket);
    if (!state) {
      state = { versioning: undefined, versions: [], uploads: [] };
      this.buckets.set(bucket, state);
    }
    return state;
  }

  private objectCall(method: string, state: BucketObjects, bucket: string, key: string, q: URLSearchParams, body: Buffer): FakeAnswer {
    // The SDK names the operation in an `x-id` query parameter (PutObject, DeleteObject, …).
    if (method === "PUT" && [...q.keys()].every((name) => name === "x-id")) {
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      const version = this.write(state, key, { etag, size: body.length });
      return { status: 200, headers: { etag, ...(state.versioning === "Enabled" ? { "x-amz-version-id": version.versionId } : {}) } };
    }
    if (method === "POST" && q.has("uploads")) {
      const upload = { key, uploadId: `fake-upload-${++this.seq}`, initiated: new Date() };
      state.uploads.push(upload);
      return { status: 200, body: `<InitiateMultipartUploadResult>${tag("Bucket", bucket)}${tag("Key", key)}${tag("UploadId", upload.uploadId)}</InitiateMultipartUploadResult>` };
    }
    if (method === "DELETE" && q.has("uploadId")) {
      const at = state.uploads.findIndex((u) => u.key === key && u.uploadId === q.get("uploadId"));
      if (at === -1) return xmlError(404, "NoSuchUpload", "The specified upload does not exist");
      state.uploads.splice(at, 1);
      return { status: 204 };
    }
    if (method === "DELETE") {
      const removed = this.remove(state, key, q.get("versionId") ?? undefined);
      const headers: Record<string, string> = {};
      if (removed?.deleteMarker) headers["x-amz-delete-marker"] = "true";
      if (removed && removed.versionId !== NULL_VERSION_ID) headers["x-amz-version-id"] = removed.versionId;
      return { status: 204, headers };
    }
    return xmlError(501, "NotImplemented", `the fake S3 does not implement ${method} on objects`);
  }

  /** A new version (or delete marker, without `content`): a fresh id when versioning is on, else the "null" version replaced. */
  private write(state: BucketObjects, key: string, content: { etag: string; size: number } | undefined): FakeVersion {
    const seq = ++this.seq;
    const enabled = state.versioning === "Enabled";
    if (!enabled) state.versions = state.versions.filter((v) => !(v.key === key && v.versionId === NULL_VERSION_ID));
    const version: FakeVersion = {
      key,
      versionId: enabled ? `fakev${String(seq).padStart(12, "0")}` : NULL_VERSION_ID,
      deleteMarker: content === undefined,
      etag: content?.etag ?? "",
      size: content?.size ?? 0,
      lastModified: new Date(),
      seq,
    };
    state.versions.push(version);
    return version;
  }

  /** DeleteObject: that version for good, or (without an id) a delete marker on a versioned bucket, the object itself otherwise. */
  private remove(state: BucketObjects, key: string, versionId: string | undefined): FakeVersion | undefined {
    if (versionId !== undefined || state.versioning === undefined) {
      const id = versionId ?? NULL_VERSION_ID;
      const at = state.versions.findIndex((v) => v.key === key && v.versionId === id);
      return at === -1 ? undefined : state.versions.splice(at, 1)[0];
    }
    return this.write(state, key, undefined);
  }

  private deleteObjects(state: BucketObjects, body: Buffer): FakeAnswer {
    const xml = body.toString();
    const quiet = /<Quiet>true<\/Quiet>/.test(xml);
    const deleted: string[] = [];
    for (const [, object] of xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
      const key = unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(object!)?.[1] ?? "");
      const versionId = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(object!)?.[1];
      this.remove(state, key, versionId === undefined ? undefined : unescapeXml(versionId));
      if (!quiet) deleted.push(`<Deleted>${tag("Key", key)}${versionId === undefined ? "" : tag("VersionId", unescapeXml(versionId))}</Deleted>`);
    }
    return { status: 200, body: `<DeleteResult>${deleted.join("")}</DeleteResult>` };
  }

  private listVersions(state: BucketObjects, bucket: string, q: URLSearchParams): FakeAnswer {
    const prefix = q.get("prefix") ?? "";
    const keyMarker = q.get("key-marker") || undefined;
    const versionIdMarker = q.get("version-id-marker") || undefined;
    const max = pageSize(q.get("max-keys"));
    const all = state.versions.filter((v) => v.key.startsWith(prefix)).sort(byKeyNewestFirst);
    let start = 0;
    if (keyMarker !== undefined) {
      // Positional, as in S3: after the marker's key, or within it after the marker's version, even
      // when that version has been deleted since (ids carry their sequence). A "null" marker without
      // a null version left lists the key's versions again, as the embedded store does.
      const nullSeq = () => all.find((v) => v.key === keyMarker && v.versionId === NULL_VERSION_ID)?.seq ?? Number.POSITIVE_INFINITY;
      const markerSeq =
        versionIdMarker === undefined ? undefined : versionIdMarker === NULL_VERSION_ID ? nullSeq() : Number(/^fakev(\d+)$/.exec(versionIdMarker)?.[1] ?? Number.POSITIVE_INFINITY);
      start = all.findIndex((v) => v.key > keyMarker || (v.key === keyMarker && markerSeq !== undefined && v.seq < markerSeq));
      if (start === -1) start = all.length;
    }
    const page = all.slice(start, start + max);
    const truncated = start + page.length < all.length && page.length > 0;
    const latest = new Set(all.filter((v, i) => i === 0 || all[i - 1]!.key !== v.key));
    const entries = page.map((v) => {
      const common = `${tag("Key", v.key)}${tag("VersionId", v.versionId)}${tag("IsLatest", latest.has(v))}${tag("LastModified", v.lastModified.toISOString())}`;
      return v.deleteMarker
        ? `<DeleteMarker>${common}</DeleteMarker>`
        : `<Version>${common}${tag("ETag", v.etag)}${tag("Size", v.size)}${tag("StorageClass", "STANDARD")}</Version>`;
    });
    const last = page.at(-1);
    const next = truncated && last ? `${tag("NextKeyMarker", last.key)}${tag("NextVersionIdMarker", last.versionId)}` : "";
    return {
      status: 200,
      body: `<ListVersionsResult>${tag("Name", bucket)}${tag("Prefix", prefix)}${tag("MaxKeys", max)}${tag("IsTruncated", truncated)}${next}${entries.join("")}</ListVersionsResult>`,
    };
  }

  private listObjects(state: BucketObjects, bucket: string, q: URLSearchParams): FakeAnswer {
    const prefix = q.get("prefix") ?? "";
    const delimiter = q.get("delimiter") || undefined;
    const after = q.get("continuation-token") ?? q.get("start-after") ?? "";
    const max = pageSize(q.get("max-keys"));
    const current = state.versions
      .sort(byKeyNewestFirst)
      .filter((v, i, all) => (i === 0 || all[i - 1]!.key !== v.key) && !v.deleteMarker && v.key.startsWith(prefix));
    const entries: ({ kind: "object"; version: FakeVersion } | { kind: "prefix"; prefix: string })[] = [];
    for (const version of current) {
      const cut = delimiter === undefined ? -1 : version.key.indexOf(delimiter, prefix.length);
      const entry = cut === -1 ? { kind: "object" as const, version } : { kind: "prefix" as const, prefix: version.key.slice(0, cut + delimiter!.length) };
      const name = entry.kind === "object" ? entry.version.key : entry.prefix;
      if (name <= after) continue;
      const previous = entries.at(-1);
      if (entry.kind === "prefix" && previous?.kind === "prefix" && previous.prefix === entry.prefix) continue;
      entries.push(entry);
    }
    const page = entries.slice(0, max);
    const truncated = entries.length > page.length;
    const lastEntry = page.at(-1);
    const token = truncated && lastEntry ? tag("NextContinuationToken", lastEntry.kind === "object" ? lastEntry.version.key : lastEntry.prefix) : "";
    const body = page
      .map((e) =>
        e.kind === "prefix"
          ? `<CommonPrefixes>${tag("Prefix", e.prefix)}</CommonPrefixes>`
          : `<Contents>${tag("Key", e.version.key)}${tag("LastModified", e.version.lastModified.toISOString())}${tag("ETag", e.version.etag)}${tag("Size", e.version.size)}${tag("StorageClass", "STANDARD")}</Contents>`,
      )
      .join("");
    return {
      status: 200,
      body: `<ListBucketResult>${tag("Name", bucket)}${tag("Prefix", prefix)}${tag("KeyCount", page.length)}${tag("MaxKeys", max)}${tag("IsTruncated", truncated)}${token}${body}</ListBucketResult>`,
    };
  }

  private listUploads(state: BucketObjects, bucket: string, q: URLSearchParams): FakeAnswer {
    const prefix = q.get("prefix") ?? "";
    const keyMarker = q.get("key-marker") || undefined;
    const uploadIdMarker = q.get("upload-id-marker") || undefined;
    const max = pageSize(q.get("max-uploads"));
    const all = state.uploads
      .filter((u) => u.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.uploadId < b.uploadId ? -1 : 1));
    let start = 0;
    if (keyMarker !== undefined) {
      start = all.findIndex((u) => u.key > keyMarker || (uploadIdMarker !== undefined && u.key === keyMarker && u.uploadId > uploadIdMarker));
      if (start === -1) start = all.length;
    }
    const page = all.slice(start, start + max);
    const truncated = start + page.length < all.length && page.length > 0;
    const last = page.at(-1);
    const next = truncated && last ? `${tag("NextKeyMarker", last.key)}${tag("NextUploadIdMarker", last.uploadId)}` : "";
    const uploads = page
      .map((u) => `<Upload>${tag("Key", u.key)}${tag("UploadId", u.uploadId)}${tag("Initiated", u.initiated.toISOString())}${tag("StorageClass", "STANDARD")}</Upload>`)
      .join("");
    return {
      status: 200,
      body: `<ListMultipartUploadsResult>${tag("Bucket", bucket)}${tag("MaxUploads", max)}${tag("IsTruncated", truncated)}${next}${uploads}</ListMultipartUploadsResult>`,
    };
  }
}
