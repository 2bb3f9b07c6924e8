import { AUTH, BACKEND, route } from "./route-spec";

export const listBuckets = route({
  id: "listBuckets",
  method: "GET",
  path: "/api/v1/buckets",
  handler: "list-buckets",
  permission: "read",
  summary: "List all buckets",
  description: "Returns all buckets accessible to the authenticated user.",
  successStatus: 200,
  errors: [400, ...AUTH, ...BACKEND],
});
