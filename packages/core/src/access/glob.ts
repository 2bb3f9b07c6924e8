/**
 * Bucket-name patterns of the access policy: `*` matches any run of characters (none included),
 * `?` exactly one, everything else itself. Nothing else is special, so a pattern can never match
 * more than it spells: no character classes, no escapes, no regular-expression syntax.
 */
export type NameMatcher = (name: string) => boolean;

/** Characters a pattern may hold besides `*` and `?`: those of bucket names (lowercase, as the API accepts them). */
const LITERAL = /^[a-z0-9.-]$/;

/** Why `pattern` is not a valid pattern, or undefined. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return "is empty";
  if (pattern.length > 63 + 32) return "is longer than any bucket name could need";
  for (const c of pattern) {
    if (c !== "*" && c !== "?" && !LITERAL.test(c)) {
      return `contains '${c}': patterns hold lowercase letters, digits, '.', '-' and the wildcards '*' and '?'`;
    }
  }
  return undefined;
}

/**
 * Compiles a valid pattern (see globProblem) once; the common shapes are plain string tests, since
 * the decision runs on every request and for every bucket of a listing.
 */
export function compileGlob(pattern: string): NameMatcher {
  if (/^\*+$/.test(pattern)) return () => true;
  if (!/[*?]/.test(pattern)) return (name) => name === pattern;
  const star = pattern.indexOf("*");
  if (!pattern.includes("?") && star === pattern.length - 1) {
    const prefix = pattern.slice(0, -1);
    return (name) => name.startsWith(prefix);
  }
  return (name) => wildcardMatch(pattern, name);
}

/**
 * Classic wildcard matching with one backtrack point (the last `*`): O(pattern × name) at worst,
 * where a regular expression with many `.*` could backtrack exponentially.
 */
function wildcardMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (n < name.length) {
    const c = pattern[p];
    if (c === "*") {
      starAt = p++;
      resumeAt = n;
    } else if (c !== undefined && (c === "?" || c === name[n])) {
      p++;
      n++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      n = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
