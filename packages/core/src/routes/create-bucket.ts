import { AUTH, BACKEND, route } from "./route-spec";
import { CreateBucketRequest } from "../schemas/buckets";

export const createBucket = route({
  id: "createBucket",
  method: "POST",
  path: "/api/v1/buckets",
  handler: "create-bucket",
  permission: "write",
  summary: "Create a bucket",
  description: "Creates a bucket. 409 if a bucket with that name already exists, whoever owns it.",
  successStatus: 201,
  bucket: "body",
  body: CreateBucketRequest,
  errors: [400, ...AUTH, 409, 413, 415, ...BACKEND],
  audit: "bucket.create",
});
