import { describe, expect, it } from "vitest";
import { humanSize, shellQuote, shortDate, table } from "../../packages/cli/src/format";

describe("human output helpers", () => {
  it("table aligns columns, right-aligns numbers and leaves no trailing spaces", () => {
    const text = table(
      [{ header: "NAME" }, { header: "SIZE", align: "right" }, { header: "KEY" }],
      [
        ["a", "1 B", "k"],
        ["longer-name", "12.3 KiB", "ключ/ü"],
      ],
    );
    expect(text).toBe(["NAME             SIZE  KEY", "a                 1 B  k", "longer-name  12.3 KiB  ключ/ü", ""].join("\n"));
    expect(text.split("\n").every((line) => line === line.trimEnd())).toBe(true);
  });

  it("humanSize uses binary units with one decimal", () => {
    expect([0, 1, 1023, 1024, 1536, 10 * 1024 ** 2 + 1, 3 * 1024 ** 3, 2 * 1024 ** 4].map(humanSize)).toEqual([
      "0 B",
      "1 B",
      "1023 B",
      "1.0 KiB",
      "1.5 KiB",
      "10.0 MiB",
      "3.0 GiB",
      "2.0 TiB",
    ]);
  });

  it("shortDate prints minutes in UTC, and '-' when unknown", () => {
    expect(shortDate("2025-03-04T05:06:07.890Z")).toBe("2025-03-04 05:06");
    expect(shortDate("2025-03-04T23:30:00+02:00")).toBe("2025-03-04 21:30");
    expect(shortDate(null)).toBe("-");
  });

  it("shellQuote leaves plain words alone and single-quotes the rest", () => {
    expect(shellQuote("data/x-1.csv")).toBe("data/x-1.csv");
    expect(shellQuote("azpk+/=")).toBe("azpk+/=");
    expect(shellQuote("my file")).toBe("'my file'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
  });
});
