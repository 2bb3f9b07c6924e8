import { AUTH, BACKEND, route } from "./route-spec";
import { BucketParams } from "../schemas/bucket-name";

export const getVersioning = route({
  id: "getVersioning",
  method: "GET",
  path: "/api/v1/buckets/{bucket}/versioning",
  handler: "get-versioning",
  permission: "read",
  summary: "Get bucket versioning",
  description: "Versioning status: Enabled, Suspended, or null when versioning was never enabled.",
  successStatus: 200,
  bucket: "path",
  params: BucketParams,
  errors: [400, ...AUTH, 404, ...BACKEND],
});
