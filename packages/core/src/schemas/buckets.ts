import * as z from "zod/mini";
import { BucketName } from "./bucket-name";
import { pageLimit } from "./paging";

/** Create-bucket request body. */

export const CreateBucketRequest = z.strictObject({ bucket: BucketName });

/** Query of the bucket listing: filtering and paging are the API's own (HCP lists every bucket at once). */
export const ListBucketsQuery = z.strictObject({
  prefix: z.optional(z.string().check(z.maxLength(63, "must be at most 63 characters (the longest bucket name)"))),
  max_buckets: pageLimit(),
  continuation_token: z.optional(z.string().check(z.maxLength(256, "must be at most 256 characters"))),
});

/** Query of bucket deletion: `force=true` empties the bucket first (versions, delete markers, uploads). */
export const DeleteBucketQuery = z.strictObject({
  force: z.optional(z.enum(["true", "false"], { error: "force must be true or false" })),
});
