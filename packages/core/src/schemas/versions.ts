import * as z from "zod/mini";
import { MaxKeys, QueryText } from "./paging";

/** Query of the object versions listing (ListObjectVersions). */

export const ListVersionsQuery = z.strictObject({
  prefix: z.optional(QueryText),
  max_keys: MaxKeys,
  key_marker: z.optional(QueryText),
  version_id_marker: z.optional(QueryText),
});
