import { endpoint } from "@rahcp/core";
import { listBuckets } from "@rahcp/core/routes/list-buckets";

/** GET /api/v1/buckets — all buckets accessible to the caller, with their owner. */
export const handler = endpoint(listBuckets, async ({ store }) => {
  const { buckets, owner } = await store.listBuckets();
  return {
    buckets: buckets.map((b) => ({ name: b.name, creation_date: b.creationDate?.toISOString() ?? null })),
    owner: owner && { display_name: owner.displayName, id: owner.id },
  };
});
