import * as z from "zod/mini";

/** Query parameters shared by the listing operations. */

/** A page size parameter: an integer from 1 to 1000, 1000 when absent. */
export function pageLimit(name: string) {
  const range = `${name} must be between 1 and 1000`;
  return z._default(
    z.coerce.number().check(z.multipleOf(1, `${name} must be an integer`), z.gte(1, range), z.lte(1000, range)),
    1000,
  );
}

export const MaxKeys = pageLimit("max_keys");

export const QueryText = z.string().check(z.maxLength(1024, "must be at most 1024 characters"));
