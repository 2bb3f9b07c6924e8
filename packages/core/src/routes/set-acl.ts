import { AUTH, BACKEND, route } from "./route-spec";
import { AclPolicy } from "../schemas/acl";
import { BucketParams } from "../schemas/bucket-name";

export const setAcl = route({
  id: "setAcl",
  method: "PUT",
  path: "/api/v1/buckets/{bucket}/acl",
  handler: "set-acl",
  permission: "admin",
  summary: "Set bucket ACL",
  description: "Replaces the bucket's access control policy (owner and full list of grants).",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  body: AclPolicy,
  errors: [400, ...AUTH, 404, 413, 415, ...BACKEND],
  audit: "bucket.acl.set",
});
