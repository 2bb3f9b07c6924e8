import type { BucketSummary } from "./store/bucket-store";

/**
 * The bucket listing's filtering and paging, done by the API: HCP's "get service" lists every bucket
 * at once and knows nothing of prefixes or pages. A continuation token is the last name of the
 * previous page (opaque to clients), so a page after a create or delete neither repeats nor skips.
 */
const TOKEN_PREFIX = "b1:";

export function bucketContinuationToken(lastName: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${lastName}`, "utf8").toString("base64url");
}

/** The name a token continues after, or undefined when it is not a token this API issued. */
export function bucketTokenPosition(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const text = Buffer.from(token, "base64url").toString("utf8");
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  const name = text.slice(TOKEN_PREFIX.length);
  return name.length > 0 && name.length <= 63 ? name : undefined;
}

export interface BucketPage {
  buckets: BucketSummary[];
  isTruncated: boolean;
  nextContinuationToken: string | null;
}

/** One page of `buckets` (any order, already filtered by access): name order, after `after`, at most `max`. */
export function bucketPage(buckets: readonly BucketSummary[], options: { prefix?: string | undefined; after?: string | undefined; max: number }): BucketPage {
  const { prefix = "", after, max } = options;
  const matching = buckets
    .filter((b) => b.name.startsWith(prefix) && (after === undefined || b.name > after))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = matching.slice(0, max);
  const isTruncated = matching.length > max;
  return { buckets: page, isTruncated, nextContinuationToken: isTruncated ? bucketContinuationToken(page[page.length - 1]!.name) : null };
}
