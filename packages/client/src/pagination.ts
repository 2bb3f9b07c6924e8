import { CLIENT_CODES, RahcpError } from "./errors.js";

/**
 * Follows a paginated listing until the server says it is complete. A truncated page without a new
 * marker would loop forever, so it is reported as an invalid response instead.
 */
export async function* followPages<Page extends { is_truncated: boolean }, Cursor>(
  fetchPage: (cursor: Cursor | undefined) => Promise<Page>,
  nextCursor: (page: Page) => Cursor | undefined,
  sameCursor: (a: Cursor, b: Cursor) => boolean,
  first: Cursor | undefined,
): AsyncGenerator<Page, void, undefined> {
  let cursor = first;
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    if (!page.is_truncated) return;
    const next = nextCursor(page);
    if (next === undefined || (cursor !== undefined && sameCursor(cursor, next))) {
      throw new RahcpError({
        status: 200,
        code: CLIENT_CODES.invalidResponse,
        detail: "the server returned a truncated page without a new pagination marker",
      });
    }
    cursor = next;
  }
}

/** S3 orders keys by UTF-8 bytes, which is Unicode code point order (not JavaScript's UTF-16 order). */
export function compareKeys(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const difference = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
}
