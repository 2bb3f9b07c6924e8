import { endpoint } from "@rahcp/core";
import { listVersions } from "@rahcp/core/routes/list-versions";

/** GET /api/v1/buckets/{bucket}/versions — one page of object versions and delete markers. */
export const handler = endpoint(listVersions, async ({ params, query, store }) => {
  const page = await store.listVersions({
    bucket: params.bucket,
    prefix: query.prefix,
    maxKeys: query.max_keys,
    keyMarker: query.key_marker,
    versionIdMarker: query.version_id_marker,
  });
  return {
    versions: page.versions.map((v) => ({
      key: v.key,
      version_id: v.versionId,
      is_latest: v.isLatest,
      last_modified: v.lastModified.toISOString(),
      size: v.size,
      etag: v.etag,
      storage_class: v.storageClass,
    })),
    delete_markers: page.deleteMarkers.map((m) => ({
      key: m.key,
      version_id: m.versionId,
      is_latest: m.isLatest,
      last_modified: m.lastModified.toISOString(),
    })),
    is_truncated: page.isTruncated,
    next_key_marker: page.nextKeyMarker,
    next_version_id_marker: page.nextVersionIdMarker,
    key_count: page.versions.length + page.deleteMarkers.length,
  };
});
