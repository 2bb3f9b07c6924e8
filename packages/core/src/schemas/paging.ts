import * as z from "zod/mini";

/** Query parameters shared by the listing operations. */

export const MaxKeys = z._default(
  z.coerce.number().check(
    z.multipleOf(1, "max_keys must be an integer"),
    z.gte(1, "max_keys must be between 1 and 1000"),
    z.lte(1000, "max_keys must be between 1 and 1000"),
  ),
  1000,
);

export const QueryText = z.string().check(z.maxLength(1024, "must be at most 1024 characters"));
