/** Human output: aligned tables, binary sizes and short UTC dates. */

export interface Column {
  header: string;
  align?: "left" | "right";
}

/** Columns separated by two spaces; no trailing spaces (the last column is not padded). */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) => Math.max(width(column.header), ...rows.map((row) => width(row[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? "";
        const pad = " ".repeat(widths[i]! - width(cell));
        if (column.align === "right") return pad + cell;
        return i === columns.length - 1 ? cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join("\n") + "\n";
}

/** Display width in code points (keys may hold any Unicode). */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** 0 B, 999 B, 1.0 KiB, 12.3 MiB … */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** "2025-01-02 03:04" in UTC (stable whatever the machine's zone); "-" when unknown. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return "-";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 16).replace("T", " ");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Quotes an argument for a POSIX shell when it needs it (next-page hints are copy-pasted). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
