import { ApiError, endpoint } from "@rahcp/core";
import { bucketPage, bucketTokenPosition } from "@rahcp/core/bucket-page";
import { listBuckets } from "@rahcp/core/routes/list-buckets";

/** GET /api/v1/buckets — the tenant's buckets the caller may read, one page, with their owner. */
export const handler = endpoint(listBuckets, async ({ query, store, access }) => {
  const after = query.continuation_token === undefined ? undefined : bucketTokenPosition(query.continuation_token);
  if (query.continuation_token !== undefined && after === undefined) {
    throw new ApiError(400, "ValidationError", "Invalid query parameter 'continuation_token': not a token this API issued");
  }
  const { buckets, owner } = await store.listBuckets();
  const readable = new Set(access.readable(buckets.map((b) => b.name)));
  const page = bucketPage(buckets.filter((b) => readable.has(b.name)), { prefix: query.prefix, after, max: query.max_buckets });
  return {
    buckets: page.buckets.map((b) => ({ name: b.name, creation_date: b.creationDate?.toISOString() ?? null })),
    owner: owner && { display_name: owner.displayName, id: owner.id },
    is_truncated: page.isTruncated,
    next_continuation_token: page.nextContinuationToken,
  };
});
