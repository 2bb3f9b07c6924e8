import { endpoint } from "@rahcp/core";
import { listObjects } from "@rahcp/core/routes/list-objects";

/** GET /api/v1/buckets/{bucket}/objects — one page of current objects, optionally rolled up by delimiter. */
export const handler = endpoint(listObjects, async ({ params, query, store }) => {
  const page = await store.listObjects({
    bucket: params.bucket,
    prefix: query.prefix,
    delimiter: query.delimiter,
    maxKeys: query.max_keys,
    continuationToken: query.continuation_token,
  });
  return {
    objects: page.objects.map((o) => ({
      key: o.key,
      size: o.size,
      last_modified: o.lastModified.toISOString(),
      etag: o.etag,
      storage_class: o.storageClass,
    })),
    common_prefixes: page.commonPrefixes,
    is_truncated: page.isTruncated,
    next_continuation_token: page.nextContinuationToken,
    key_count: page.objects.length + page.commonPrefixes.length,
  };
});
