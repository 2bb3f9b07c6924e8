import { endpoint } from "@rahcp/core";
import { listUploads } from "@rahcp/core/routes/list-uploads";

/** GET /api/v1/buckets/{bucket}/uploads — one page of in-progress multipart uploads. */
export const handler = endpoint(listUploads, async ({ params, query, store }) => {
  const page = await store.listUploads({
    bucket: params.bucket,
    prefix: query.prefix,
    maxUploads: query.max_uploads,
    keyMarker: query.key_marker,
    uploadIdMarker: query.upload_id_marker,
  });
  return {
    uploads: page.uploads.map((u) => ({ key: u.key, upload_id: u.uploadId, initiated: u.initiated.toISOString(), storage_class: u.storageClass })),
    is_truncated: page.isTruncated,
    next_key_marker: page.nextKeyMarker,
    next_upload_id_marker: page.nextUploadIdMarker,
  };
});
