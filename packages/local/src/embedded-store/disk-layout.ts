import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { NULL_VERSION_ID, type AclListing, type VersioningStatus } from "@rahcp/core";
import type { StoredUpload } from "./multipart-uploads";
import { isCode } from "./data-dir-lock";
import type { VersionRecord } from "./version-index";

/**
 * On-disk format (version 1) under the data dir:
 *
 *   format.json                               {"format":"rahcp-embedded-store","version":1}
 *   store.lock                                owning process (see data-dir-lock.ts)
 *   tmp/                                      staging for atomic writes; emptied on open
 *   buckets/<bucket>/bucket.json              BucketMeta
 *   buckets/<bucket>/records/<seq>.json       one version or delete marker (RecordJson)
 *   buckets/<bucket>/records/<seq>.body       that version's bytes (none for delete markers)
 *
 * <seq> is the store-wide write sequence, zero-padded to 16 digits. Every file is written to tmp/
 * and renamed into place, so a crash leaves either the old file or the new one, never a torn one.
 * A put writes the body before its record and a delete removes the record before the body, so the
 * only leftovers a crash can cause are bodies without a record and a replaced "null" version whose
 * files were not yet removed; open() cleans both.
 */
export const FORMAT = { format: "rahcp-embedded-store", version: 1 } as const;

export interface BucketMeta {
  name: string;
  creationDate: string;
  owner: { id: string; displayName: string };
  versioning: VersioningStatus | null;
  acl: AclListing;
  /** Created with object lock (versions can carry retention); absent in buckets of earlier versions. */
  objectLock?: boolean;
  /** In-progress multipart uploads; absent in buckets of earlier versions. */
  uploads?: StoredUpload[];
}

interface RecordJson {
  seq: number;
  key: string;
  versionId: string;
  deleteMarker: boolean;
  lastModified: string;
  size: number;
  etag: string;
  retention?: { mode: "COMPLIANCE" | "GOVERNANCE"; retainUntil: string };
}

export interface LoadedBucket {
  meta: BucketMeta;
  records: VersionRecord[];
}

const READ_CONCURRENCY = 32;

export class DiskLayout {
  private readonly tmp: string;
  private readonly buckets: string;

  constructor(
    readonly root: string,
    /** fsync files and directories, so even a power loss keeps every acknowledged write. */
    private readonly durable: boolean,
  ) {
    this.tmp = join(root, "tmp");
    this.buckets = join(root, "buckets");
  }

  /** Creates or checks the layout and empties the staging dir (the caller holds the lock). */
  async prepare(): Promise<void> {
    await mkdir(this.buckets, { recursive: true });
    await rm(this.tmp, { recursive: true, force: true });
    await mkdir(this.tmp, { recursive: true });
    const formatFile = join(this.root, "format.json");
    const text = await readFile(formatFile, "utf8").catch((error: unknown) =>
      isCode(error, "ENOENT") ? undefined : Promise.reject(error),
    );
    if (text === undefined) {
      await this.writeAtomic(formatFile, `${JSON.stringify(FORMAT)}\n`);
      return;
    }
    const found = parseJson(text, formatFile) as Partial<typeof FORMAT>;
    if (found.format !== FORMAT.format || found.version !== FORMAT.version) {
      throw new Error(`${formatFile}: unsupported store format ${text.trim()}; expected ${JSON.stringify(FORMAT)}`);
    }
  }

  async loadBuckets(): Promise<LoadedBucket[]> {
    const loaded: LoadedBucket[] = [];
    for (const entry of await readdir(this.buckets, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const metaFile = join(this.buckets, entry.name, "bucket.json");
      const meta = toBucketMeta(parseJson(await readFile(metaFile, "utf8"), metaFile), metaFile);
      if (meta.name !== entry.name) throw new Error(`${metaFile}: describes bucket ${meta.name}, not ${entry.name}`);
      loaded.push({ meta, records: await this.loadRecords(entry.name) });
    }
    return loaded;
  }

  private async loadRecords(bucket: string): Promise<VersionRecord[]> {
    const dir = this.recordsDir(bucket);
    const names = await readdir(dir);
    const recordNames = names.filter((name) => name.endsWith(".json"));
    const withRecord = new Set(recordNames.map((name) => name.slice(0, -".json".length)));
    const orphans = names.filter((name) => name.endsWith(".body") && !withRecord.has(name.slice(0, -".body".length)));
    await Promise.all(orphans.map((name) => unlink(join(dir, name))));
    const records: VersionRecord[] = new Array(recordNames.length);
    let next = 0;
    const worker = async () => {
      while (next < recordNames.length) {
        const at = next++;
        const file = join(dir, recordNames[at]!);
        records[at] = toRecord(parseJson(await readFile(file, "utf8"), file), file);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, recordNames.length) }, worker));
    return this.dropReplacedNullVersions(bucket, records);
  }

  /** A crash between writing a new "null" version and removing the one it replaces leaves both: keep the newer. */
  private async dropReplacedNullVersions(bucket: string, records: VersionRecord[]): Promise<VersionRecord[]> {
    const newestNull = new Map<string, VersionRecord>();
    for (const record of records) {
      if (record.versionId !== NULL_VERSION_ID) continue;
      const seen = newestNull.get(record.key);
      if (!seen || seen.seq < record.seq) newestNull.set(record.key, record);
    }
    const replaced = records.filter((r) => r.versionId === NULL_VERSION_ID && newestNull.get(r.key) !== r);
    for (const record of replaced) await this.deleteRecord(bucket, record.seq);
    return replaced.length === 0 ? records : records.filter((r) => !replaced.includes(r));
  }

  /** Creates the bucket's directory complete in tmp/, then renames it into place. */
  async createBucket(meta: BucketMeta): Promise<void> {
    const staging = join(this.tmp, `bucket-${randomUUID()}`);
    await mkdir(join(staging, "records"), { recursive: true });
    await this.writeAtomic(join(staging, "bucket.json"), bucketJson(meta));
    await rename(staging, this.bucketDir(meta.name));
    await this.syncDir(this.buckets);
  }

  async writeBucketMeta(meta: BucketMeta): Promise<void> {
    await this.writeAtomic(join(this.bucketDir(meta.name), "bucket.json"), bucketJson(meta));
  }

  /** Moves the bucket out of buckets/ in one rename (gone for a restart at once), then removes its files. */
  async deleteBucket(name: string): Promise<void> {
    const trash = join(this.tmp, `deleted-${randomUUID()}`);
    await rename(this.bucketDir(name), trash);
    await this.syncDir(this.buckets);
    // The bucket is already gone; a failed cleanup only leaves files in tmp/, emptied on the next open.
    await rm(trash, { recursive: true, force: true }).catch(() => undefined);
  }

  async writeRecord(bucket: string, record: VersionRecord, body: Uint8Array | undefined): Promise<void> {
    const base = join(this.recordsDir(bucket), seqName(record.seq));
    if (body) await this.writeAtomic(`${base}.body`, body);
    const { retention, ...rest } = record;
    const json: RecordJson = {
      ...rest,
      lastModified: record.lastModified.toISOString(),
      ...(retention ? { retention: { mode: retention.mode, retainUntil: retention.retainUntil.toISOString() } } : {}),
    };
    await this.writeAtomic(`${base}.json`, `${JSON.stringify(json)}\n`);
  }

  /** Removing the record is the commit point; a body left behind by a failure here is removed on the next open. */
  async deleteRecord(bucket: string, seq: number): Promise<void> {
    const base = join(this.recordsDir(bucket), seqName(seq));
    await unlink(`${base}.json`).catch(ignoreMissing);
    await this.syncDir(this.recordsDir(bucket));
    await unlink(`${base}.body`).catch(() => undefined);
  }

  /** The body of a version, or undefined if it is gone (deleted meanwhile). */
  async readBody(bucket: string, seq: number): Promise<Uint8Array | undefined> {
    const file = `${join(this.recordsDir(bucket), seqName(seq))}.body`;
    return readFile(file).catch((error: unknown) => (isCode(error, "ENOENT") ? undefined : Promise.reject(error)));
  }

  private bucketDir(name: string): string {
    return join(this.buckets, name);
  }

  private recordsDir(bucket: string): string {
    return join(this.buckets, bucket, "records");
  }

  /** Write to a staging file, then rename over the target: readers and crashes see old or new, never half. */
  private async writeAtomic(target: string, data: Uint8Array | string): Promise<void> {
    const staging = join(this.tmp, randomUUID());
    try {
      await writeFile(staging, data, { flush: this.durable });
      await rename(staging, target);
    } catch (error) {
      await unlink(staging).catch(() => undefined);
      throw error;
    }
    await this.syncDir(dirname(target));
  }

  private async syncDir(dir: string): Promise<void> {
    if (!this.durable) return;
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

function seqName(seq: number): string {
  return String(seq).padStart(16, "0");
}

function bucketJson(meta: BucketMeta): string {
  return `${JSON.stringify(meta, null, 2)}\n`;
}

function ignoreMissing(error: unknown): void {
  if (!isCode(error, "ENOENT")) throw error;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file}: not valid JSON; the embedded store's data is damaged`);
  }
}

function toRecord(value: unknown, file: string): VersionRecord {
  const r = value as Partial<RecordJson> | null;
  const lastModified = new Date(r?.lastModified ?? Number.NaN);
  if (
    !r ||
    !Number.isSafeInteger(r.seq) ||
    typeof r.key !== "string" ||
    typeof r.versionId !== "string" ||
    typeof r.deleteMarker !== "boolean" ||
    Number.isNaN(lastModified.getTime()) ||
    !Number.isSafeInteger(r.size) ||
    typeof r.etag !== "string"
  ) {
    throw new Error(`${file}: not a version record; the embedded store's data is damaged`);
  }
  const record: VersionRecord = { seq: r.seq!, key: r.key, versionId: r.versionId, deleteMarker: r.deleteMarker, lastModified, size: r.size!, etag: r.etag };
  if (r.retention !== undefined) {
    const retainUntil = new Date(r.retention?.retainUntil ?? Number.NaN);
    if ((r.retention.mode !== "COMPLIANCE" && r.retention.mode !== "GOVERNANCE") || Number.isNaN(retainUntil.getTime())) {
      throw new Error(`${file}: not a version record (retention); the embedded store's data is damaged`);
    }
    record.retention = { mode: r.retention.mode, retainUntil };
  }
  return record;
}

function toBucketMeta(value: unknown, file: string): BucketMeta {
  const m = value as Partial<BucketMeta> | null;
  if (
    !m ||
    typeof m.name !== "string" ||
    typeof m.creationDate !== "string" ||
    typeof m.owner?.id !== "string" ||
    typeof m.owner.displayName !== "string" ||
    !(m.versioning === null || m.versioning === "Enabled" || m.versioning === "Suspended") ||
    !Array.isArray(m.acl?.grants) ||
    !(m.uploads === undefined || (Array.isArray(m.uploads) && m.uploads.every((u) => typeof u?.key === "string" && typeof u.uploadId === "string" && typeof u.initiated === "string"))) ||
    !(m.objectLock === undefined || typeof m.objectLock === "boolean")
  ) {
    throw new Error(`${file}: not a bucket description; the embedded store's data is damaged`);
  }
  return m as BucketMeta;
}
