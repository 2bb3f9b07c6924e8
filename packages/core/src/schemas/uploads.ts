import * as z from "zod/mini";
import { pageLimit, QueryText } from "./paging";

/** Query of the in-progress multipart upload listing (ListMultipartUploads). */

export const ListUploadsQuery = z.strictObject({
  prefix: z.optional(QueryText),
  max_uploads: pageLimit(),
  key_marker: z.optional(QueryText),
  upload_id_marker: z.optional(QueryText),
});
