import { AUTH, BACKEND, route } from "./route-spec";
import { ListBucketsQuery } from "../schemas/buckets";

export const listBuckets = route({
  id: "listBuckets",
  method: "GET",
  path: "/api/v1/buckets",
  handler: "list-buckets",
  permission: "read",
  summary: "List all buckets",
  description:
    "Returns all buckets accessible to the authenticated user: those of the caller's tenant that the " +
    "access policy lets it read, in name order, optionally only names starting with `prefix`. One page " +
    "of at most `max_buckets`; pass `next_continuation_token` back as `continuation_token` for the next.",
  successStatus: 200,
  query: ListBucketsQuery,
  errors: [400, ...AUTH, ...BACKEND],
});
