import * as z from "zod/mini";
import { MaxKeys, QueryText } from "./paging";

/** Query of the object listing (ListObjectsV2). */

export const ListObjectsQuery = z.strictObject({
  prefix: z.optional(QueryText),
  delimiter: z.optional(z.string().check(z.minLength(1), z.maxLength(16, "must be at most 16 characters"))),
  max_keys: MaxKeys,
  continuation_token: z.optional(QueryText),
});
