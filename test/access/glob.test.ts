import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, globProblem } from "@rahcp/core/access/glob";

/** An independent reference: the pattern as a regular expression (fine for the short inputs generated here). */
function reference(pattern: string, name: string): boolean {
  const source = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.\-]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "s").test(name);
}

// A small alphabet makes collisions (and so interesting matches) likely.
const nameChar = fc.constantFrom("a", "b", "-", ".", "1");
const patternChar = fc.constantFrom("a", "b", "-", ".", "1", "*", "?");
const name = fc.string({ unit: nameChar, minLength: 0, maxLength: 12 });
const pattern = fc.string({ unit: patternChar, minLength: 1, maxLength: 10 });
const RUNS = { numRuns: 3_000, seed: 0x61_0b };

describe("bucket-name globs", () => {
  it("agree with a regular-expression reference on every pattern and name", () => {
    fc.assert(fc.property(pattern, name, (p, n) => compileGlob(p)(n) === reference(p, n)), RUNS);
  });

  it("a pattern without wildcards matches exactly itself", () => {
    fc.assert(fc.property(name.filter((n) => n.length > 0), name, (p, n) => compileGlob(p)(n) === (p === n)), RUNS);
  });

  it("'prefix*' matches exactly the names that start with the prefix", () => {
    fc.assert(fc.property(name, name, (prefix, n) => compileGlob(`${prefix}*`)(n) === n.startsWith(prefix)), RUNS);
  });

  it("'?' stands for exactly one character, never none and never two", () => {
    fc.assert(
      fc.property(name, name, (before, after) => {
        const match = compileGlob(`${before}?${after}`);
        return match(`${before}x${after}`) && !match(`${before}${after}`) && !match(`${before}xy${after}`);
      }),
      RUNS,
    );
  });

  it("a name always matches the patterns made from it by wildcarding some of its characters", () => {
    fc.assert(
      fc.property(name.filter((n) => n.length > 0), fc.array(fc.constantFrom("keep", "?", "*"), { minLength: 12, maxLength: 12 }), (n, plan) => {
        const p = [...n].map((c, i) => (plan[i] === "keep" ? c : plan[i]!)).join("");
        return compileGlob(p)(n);
      }),
      RUNS,
    );
  });

  it("never treats regular-expression syntax as special: only '*' and '?' are, and other characters are refused", () => {
    for (const bad of ["team[ab]", "a+", "(x)", "x|y", "^x", "x$", "a\\b", "A*", "team_a", "x{2}", " "]) {
      expect(globProblem(bad), bad).toMatch(/contains/);
    }
    expect(globProblem("")).toBe("is empty");
    expect(compileGlob("team.a")("teamxa")).toBe(false); // '.' is a literal dot
    expect(compileGlob("*")("")).toBe(true);
    expect(compileGlob("**")("anything-at-all")).toBe(true);
  });

  it("answers patterns that make backtracking regular expressions explode (an exponential matcher would hit the test timeout)", () => {
    expect(compileGlob(`${"*a".repeat(30)}b`)("a".repeat(63))).toBe(false);
    expect(compileGlob(`${"*a".repeat(30)}`)("a".repeat(63))).toBe(true);
  });
});
