/** One line of the benchmark table; `data` carries the raw numbers into bench/results.json. */
export type Status = "PASS" | "FAIL" | "INFO";

export interface Row {
  section: string;
  name: string;
  value: string;
  target: string;
  status: Status;
  data?: Record<string, unknown>;
}

export function verdict(ok: boolean): Status {
  return ok ? "PASS" : "FAIL";
}

export const fmt = {
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
  ms: (ms: number) => `${ms.toFixed(1)} ms`,
  us: (ms: number) => `${Math.round(ms * 1000)} µs`,
  /** Signed microseconds: "+306 µs", "−122 µs". */
  addedUs: (ms: number) => `${ms < 0 ? "−" : "+"}${Math.abs(Math.round(ms * 1000))} µs`,
  ratio: (r: number) => `${r.toFixed(3)}×`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
};

/** Renders rows as a fixed-width text table, grouped by section. */
export function renderTable(rows: readonly Row[]): string {
  const headers = ["section", "measurement", "value", "target", "result"];
  const cells = rows.map((r) => [r.section, r.name, r.value, r.target, r.status]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join(" │ ").trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("─┼─");
  const out = [line(headers), rule];
  let section = "";
  for (const c of cells) {
    if (c[0] !== section && section !== "") out.push(rule);
    section = c[0]!;
    out.push(line(c));
  }
  return out.join("\n");
}
