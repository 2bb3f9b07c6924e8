import { endpoint, routes } from "@rahcp/core";

/** GET /api/v1/buckets/{bucket}/acl — owner and grants as S3 returns them. */
export const handler = endpoint(routes.getAcl, async ({ params, store }) => store.getAcl(params.bucket));
