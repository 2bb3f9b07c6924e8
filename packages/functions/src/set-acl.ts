import { ApiError, endpoint } from "@rahcp/core";
import { publicGrantees } from "@rahcp/core/acl-safety";
import { aclSettings } from "@rahcp/core/config";
import { asAclPolicy } from "@rahcp/core/schemas/acl";
import { setAcl } from "@rahcp/core/routes/set-acl";

/** PUT /api/v1/buckets/{bucket}/acl — replace the bucket's access control policy ({Owner, Grants} or GET's {owner, grants}). */
export const handler = endpoint(setAcl, async ({ params, body: sent, store }) => {
  const body = asAclPolicy(sent);
  const everyone = aclSettings().allowPublicAcl ? [] : publicGrantees(body.Grants);
  if (everyone.length > 0) {
    throw new ApiError(
      403,
      "PublicAclBlocked",
      `Grants to ${everyone.map((uri) => `'${uri}'`).join(" and ")} would make bucket '${params.bucket}' public; this deployment blocks public ACLs (ALLOW_PUBLIC_ACL)`,
    );
  }
  // Every backend gets the same answer: S3 itself only refuses another owner with a bare AccessDenied.
  const { owner } = await store.getAcl(params.bucket);
  if (body.Owner.ID !== owner.ID) {
    throw new ApiError(400, "AclOwnerMismatch", `The policy's Owner.ID '${body.Owner.ID}' is not the owner of bucket '${params.bucket}' ('${owner.ID}')`);
  }
  await store.putAcl(params.bucket, body);
  return { status: "updated" as const, bucket: params.bucket };
});
