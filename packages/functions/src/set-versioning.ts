import { endpoint, routes } from "@rahcp/core";

/** PUT /api/v1/buckets/{bucket}/versioning — enable or suspend versioning. */
export const handler = endpoint(routes.setVersioning, async ({ params, body, store }) => {
  await store.putVersioning(params.bucket, body.status);
  return { status: "updated" as const, versioning: body.status };
});
