import { compareUtf8, lowerBound } from "./utf8-order";

/** One object version or delete marker, as kept in memory and (as JSON) on disk. */
export interface VersionRecord {
  /** Store-wide write sequence: orders a key's versions and names the record's files. */
  seq: number;
  key: string;
  versionId: string;
  deleteMarker: boolean;
  lastModified: Date;
  size: number;
  etag: string;
  /** Object-lock retention: until then the version cannot be deleted (compliance mode). */
  retention?: { mode: "COMPLIANCE" | "GOVERNANCE"; retainUntil: Date } | undefined;
}

export interface ListedVersion {
  record: VersionRecord;
  isLatest: boolean;
}

export type ListedCurrent = { kind: "object"; record: VersionRecord } | { kind: "prefix"; prefix: string };

/** Where a versions listing resumes: after `key` entirely, or after the version at `seq` of `key`. */
export interface VersionsStart {
  key: string;
  /** Resume with the versions of `key` older than this sequence; undefined skips the whole key. */
  beforeSeq?: number | undefined;
}

export type CurrentStart = { afterKey: string } | { afterPrefix: string };

/**
 * A bucket's versions, kept sorted so a page costs a binary search plus the page itself:
 * keys in UTF-8 byte order, each key's records oldest first (appending a new version is O(1)).
 */
export class VersionIndex {
  private readonly keys: string[] = [];
  private readonly byKey = new Map<string, VersionRecord[]>();
  private count = 0;

  /** Builds the index from unordered records (loading from disk): one sort, not one insert each. */
  static build(records: Iterable<VersionRecord>): VersionIndex {
    const index = new VersionIndex();
    for (const record of records) {
      const list = index.byKey.get(record.key);
      if (list) list.push(record);
      else index.byKey.set(record.key, [record]);
      index.count++;
    }
    for (const list of index.byKey.values()) list.sort((a, b) => a.seq - b.seq);
    index.keys.push(...index.byKey.keys());
    index.keys.sort(compareUtf8);
    return index;
  }

  /** Number of versions and delete markers. */
  get size(): number {
    return this.count;
  }

  /** The versions of `key`, oldest first. */
  versionsOf(key: string): readonly VersionRecord[] {
    return this.byKey.get(key) ?? [];
  }

  latest(key: string): VersionRecord | undefined {
    return this.byKey.get(key)?.at(-1);
  }

  /** Adds the newest version of its key (its seq must exceed every seq already in the index). */
  add(record: VersionRecord): void {
    const list = this.byKey.get(record.key);
    if (list) {
      list.push(record);
    } else {
      this.byKey.set(record.key, [record]);
      this.keys.splice(lowerBound(this.keys, record.key), 0, record.key);
    }
    this.count++;
  }

  remove(record: VersionRecord): void {
    const list = this.byKey.get(record.key);
    const at = list?.indexOf(record) ?? -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    this.count--;
    if (list.length === 0) {
      this.byKey.delete(record.key);
      this.keys.splice(lowerBound(this.keys, record.key), 1);
    }
  }

  /** Versions and delete markers in ListObjectVersions order: keys ascending, newest version first. */
  *versions(prefix: string, start?: VersionsStart): Generator<ListedVersion> {
    let i = lowerBound(this.keys, prefix);
    if (start) {
      let j = lowerBound(this.keys, start.key);
      if (this.keys[j] === start.key) {
        if (start.beforeSeq !== undefined && start.key.startsWith(prefix)) {
          const list = this.byKey.get(start.key)!;
          for (let k = seqLowerBound(list, start.beforeSeq) - 1; k >= 0; k--) {
            yield { record: list[k]!, isLatest: k === list.length - 1 };
          }
        }
        j++;
      }
      i = Math.max(i, j);
    }
    for (; i < this.keys.length && this.keys[i]!.startsWith(prefix); i++) {
      const list = this.byKey.get(this.keys[i]!)!;
      for (let k = list.length - 1; k >= 0; k--) yield { record: list[k]!, isLatest: k === list.length - 1 };
    }
  }

  /**
   * Current objects in ListObjectsV2 order: a key whose latest version is a delete marker is
   * invisible; with a delimiter, keys sharing a prefix up to the delimiter collapse into one entry.
   */
  *current(prefix: string, delimiter: string | undefined, start?: CurrentStart): Generator<ListedCurrent> {
    let i = lowerBound(this.keys, prefix);
    if (start) {
      const j = "afterKey" in start ? this.firstAfterKey(start.afterKey) : this.firstOutside(start.afterPrefix, 0);
      i = Math.max(i, j);
    }
    while (i < this.keys.length && this.keys[i]!.startsWith(prefix)) {
      const key = this.keys[i]!;
      const latest = this.byKey.get(key)!.at(-1)!;
      if (latest.deleteMarker) {
        i++;
        continue;
      }
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (delimiter && cut >= 0) {
        const commonPrefix = key.slice(0, cut + delimiter.length);
        yield { kind: "prefix", prefix: commonPrefix };
        i = this.firstOutside(commonPrefix, i);
        continue;
      }
      yield { kind: "object", record: latest };
      i++;
    }
  }

  private firstAfterKey(key: string): number {
    const at = lowerBound(this.keys, key);
    return this.keys[at] === key ? at + 1 : at;
  }

  /** First index at or after `from` whose key sorts after every key starting with `prefix`. */
  private firstOutside(prefix: string, from: number): number {
    let low = Math.max(from, lowerBound(this.keys, prefix));
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]!.startsWith(prefix)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** First index in an oldest-first list whose seq is not below `seq`. */
function seqLowerBound(list: readonly VersionRecord[], seq: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}
