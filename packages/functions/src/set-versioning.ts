import { endpoint } from "@rahcp/core";
import { setVersioning } from "@rahcp/core/routes/set-versioning";

/** PUT /api/v1/buckets/{bucket}/versioning — enable or suspend versioning. */
export const handler = endpoint(setVersioning, async ({ params, body, store }) => {
  await store.putVersioning(params.bucket, body.status);
  return { status: "updated" as const, versioning: body.status };
});
