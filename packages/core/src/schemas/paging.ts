import * as z from "zod/mini";

/** Query parameters shared by the listing operations. */

/** Plain decimal digits only: `Number()` would also take "0x10", "1e3", " 5" or "". */
const DECIMAL = /^\d+$/;

/** A page size parameter: an integer from 1 to 1000, 1000 when absent. */
export function pageLimit() {
  const rule = "must be an integer from 1 to 1000";
  return z.pipe(
    // Query values arrive as text; anything but decimal digits stays text and fails as "not an integer".
    // The default sits inside the pipe so that the documented (input) schema carries it.
    z.transform((raw: unknown) => (typeof raw === "string" && DECIMAL.test(raw) ? Number(raw) : raw)),
    z._default(z.int({ error: rule }).check(z.gte(1, rule), z.lte(1000, rule)), 1000),
  );
}

export const MaxKeys = pageLimit();

export const QueryText = z.string().check(z.maxLength(1024, "must be at most 1024 characters"));
