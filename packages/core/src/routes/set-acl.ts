import { AUTH, BACKEND, route } from "./route-spec";
import { SetAclRequest } from "../schemas/acl";
import { BucketParams } from "../schemas/bucket-name";

export const setAcl = route({
  id: "setAcl",
  method: "PUT",
  path: "/api/v1/buckets/{bucket}/acl",
  handler: "set-acl",
  permission: "admin",
  summary: "Set bucket ACL",
  description:
    "Replaces the bucket's access control policy (owner and full list of grants). Takes the policy in S3's " +
    "`{Owner, Grants}` spelling or as `GET …/acl` answers it (`{owner, grants}`), so a read ACL can be edited and sent back.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  body: SetAclRequest,
  errors: [400, ...AUTH, 404, 413, 415, ...BACKEND],
  audit: "bucket.acl.set",
});
