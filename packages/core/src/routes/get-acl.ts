import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";

export const getAcl = route({
  id: "getAcl",
  method: "GET",
  path: "/api/v1/buckets/{bucket}/acl",
  handler: "get-acl",
  permission: "read",
  summary: "Get bucket ACL",
  description: "The bucket's owner and grants, in S3's Owner/Grants structure.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  errors: [400, ...AUTH, 404, ...BACKEND],
});
