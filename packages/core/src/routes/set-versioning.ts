import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";
import { SetVersioningRequest } from "../schemas/versioning";

export const setVersioning = route({
  id: "setVersioning",
  method: "PUT",
  path: "/api/v1/buckets/{bucket}/versioning",
  handler: "set-versioning",
  permission: "write",
  summary: "Set bucket versioning",
  description: "Enables or suspends versioning. Once enabled, versioning can only be suspended.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  body: SetVersioningRequest,
  errors: [400, ...AUTH, 404, 413, 415, ...BACKEND],
  audit: "bucket.versioning.set",
});
