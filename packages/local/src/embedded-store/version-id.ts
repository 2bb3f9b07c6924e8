import { randomBytes } from "node:crypto";

const SEQUENCE_BYTES = 8;
const RANDOM_BYTES = 16;
const VERSION_ID = /^[A-Za-z0-9_-]{32}$/;

/**
 * A new opaque version id (32 URL-safe characters, like S3's). It carries the write sequence
 * number so that a version-id marker still has a place in the listing order after that version
 * was deleted; the random part keeps ids unique even if sequence numbers restart.
 */
export function newVersionId(sequence: number): string {
  const bytes = Buffer.alloc(SEQUENCE_BYTES + RANDOM_BYTES);
  bytes.writeBigUInt64BE(BigInt(sequence));
  randomBytes(RANDOM_BYTES).copy(bytes, SEQUENCE_BYTES);
  return bytes.toString("base64url");
}

/** The write sequence inside a version id from newVersionId, or undefined when `id` is not one. */
export function versionIdSequence(id: string): number | undefined {
  if (!VERSION_ID.test(id)) return undefined;
  const sequence = Buffer.from(id, "base64url").readBigUInt64BE();
  return sequence <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(sequence) : undefined;
}
