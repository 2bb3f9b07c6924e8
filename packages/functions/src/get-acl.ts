import { endpoint } from "@rahcp/core";
import { getAcl } from "@rahcp/core/routes/get-acl";

/** GET /api/v1/buckets/{bucket}/acl — owner and grants as S3 returns them. */
export const handler = endpoint(getAcl, async ({ params, store }) => store.getAcl(params.bucket));
