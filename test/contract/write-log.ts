import { createHash } from "node:crypto";
import { expect } from "vitest";
import { NULL_VERSION_ID } from "@rahcp/core";
import type { DirectObjects } from "./backend";

/** One version or delete marker as the versions listing must report it. */
export interface ExpectedEntry {
  key: string;
  version_id: string;
  is_latest: boolean;
  marker: boolean;
  /** Versions only. */
  etag?: string;
  size?: number;
}

interface Written extends Omit<ExpectedEntry, "is_latest"> {
  /** Earliest moment the backend may have stamped the write with. */
  after: number;
  before: number;
}

export const quotedMd5 = (body: string) => `"${createHash("md5").update(body, "utf8").digest("hex")}"`;

/** S3 lists keys in UTF-8 byte order, which differs from JS string order above the BMP. */
export const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/**
 * Writes objects and delete markers directly (not through the API) into a bucket whose versioning
 * stays Enabled, and remembers them, so a test knows what ListObjectVersions must return.
 */
export class WriteLog {
  private readonly written: Written[] = [];

  constructor(
    private readonly objects: DirectObjects,
    readonly bucket: string,
  ) {}

  async put(key: string, body: string): Promise<string> {
    const after = Date.now();
    const out = await this.objects.putObject(this.bucket, key, body);
    expect(out.etag).toBe(quotedMd5(body));
    expect(out.versionId).not.toBe(NULL_VERSION_ID);
    this.written.push({ key, version_id: out.versionId, marker: false, etag: out.etag, size: Buffer.byteLength(body), after, before: Date.now() });
    return out.versionId;
  }

  async delete(key: string): Promise<string> {
    const after = Date.now();
    const out = await this.objects.deleteObject(this.bucket, key);
    expect(out.deleteMarker).toBe(true);
    expect(out.versionId).toBeTruthy();
    this.written.push({ key, version_id: out.versionId!, marker: true, after, before: Date.now() });
    return out.versionId!;
  }

  /** The full listing: keys in UTF-8 byte order, each key's entries newest first, the first one latest. */
  expected(prefix = ""): ExpectedEntry[] {
    const keys = [...new Set(this.written.map((w) => w.key))].filter((k) => k.startsWith(prefix)).sort(byUtf8);
    return keys.flatMap((key) =>
      this.written
        .filter((w) => w.key === key)
        .reverse()
        .map(({ after: _after, before: _before, ...entry }, index) => ({ ...entry, is_latest: index === 0 })),
    );
  }

  /** When the entry with this version id was written (ms since epoch, inclusive window). */
  window(versionId: string): { after: number; before: number } {
    const found = this.written.find((w) => w.version_id === versionId);
    if (!found) throw new Error(`version ${versionId} was not written by this log`);
    return found;
  }
}
