/**
 * S3 lists keys in UTF-8 byte order. JavaScript compares UTF-16 code units, which agrees except
 * where a surrogate pair (U+10000 and up) meets U+E000–U+FFFF: UTF-8 puts the pair last.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return byteRank(x) - byteRank(y);
  }
  return a.length - b.length;
}

/** Reorders code units so that surrogates (0xD800–0xDFFF) rank above 0xE000–0xFFFF, as in UTF-8. */
function byteRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** First index in sorted `keys` whose key is not less than `key`. */
export function lowerBound(keys: readonly string[], key: string, from = 0): number {
  let low = from;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareUtf8(keys[middle]!, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
