/**
 * The building blocks of the settings parsers: each parser takes the environment as a plain
 * record and returns its value or every problem it found, so the functions (config.ts's getters),
 * the deploy (infra/stage-settings.ts) and the local server apply the same rules, defaults and
 * messages. Nothing here reads process.env or throws.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Checks only a deploy makes, on top of what a function checks when it reads its settings: issuer
 * URLs are https (http on loopback under `sst dev`, where the functions run on this machine), and
 * budgets leave the answer margin under the function timeout. The functions and the local server
 * skip them: they trust the local issuer over http, and a stage that passed the deploy has them.
 */
export interface DeployChecks {
  /** `sst dev`: the functions run here, so loopback http issuers are fine. */
  readonly dev: boolean;
}

export function problemsOf(parsed: Parsed<unknown>): string[] {
  return parsed.ok ? [] : parsed.problems;
}

/** Values are quoted in messages (never secrets: no parser reads one), cut short. */
function quoted(raw: string): string {
  return `"${raw.slice(0, 20)}"`;
}

function isLoopback(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}

/** `"a" or "b"`, `"a", "b" or "c"`. */
function choiceList(choices: readonly string[]): string {
  const all = choices.map((c) => `"${c}"`);
  return all.length === 1 ? all[0]! : `${all.slice(0, -1).join(", ")} or ${all[all.length - 1]}`;
}

/**
 * Reads one parser's variables and collects what is wrong with them; an invalid value yields the
 * default, so that parsing goes on and every problem is reported at once.
 */
export class SettingsReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The value as set; empty counts as unset (a CI variable that is not defined expands to ""). */
  text(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === "" ? undefined : raw;
  }

  /** A comma list, entries trimmed, empty ones dropped; undefined when unset. */
  list(name: string): string[] | undefined {
    return this.text(name)?.split(",").map((s) => s.trim()).filter(Boolean);
  }

  /** Decimal digits only (no sign, exponent or spaces), at least 1 when `positive`. */
  integer(name: string, fallback: number, { positive }: { positive: boolean }): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || (positive && value < 1)) {
      this.problems.push(`${name} must be ${positive ? "a positive" : "a non-negative"} integer`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be ${choiceList(choices)}, not ${quoted(raw)}`);
    return fallback;
  }

  boolean(name: string, fallback: boolean): boolean {
    return this.oneOf(name, ["true", "false"], fallback ? "true" : "false") === "true";
  }

  /** With deploy checks: https, or http on loopback under `sst dev`. Unset passes. */
  url(name: string, deploy: DeployChecks | undefined): void {
    const raw = this.text(name);
    if (raw === undefined || deploy === undefined) return;
    if (!URL.canParse(raw)) {
      this.problems.push(`${name} is not a URL`);
      return;
    }
    const { protocol, hostname } = new URL(raw);
    if (protocol === "https:" || (deploy.dev && protocol === "http:" && isLoopback(hostname))) return;
    this.problems.push(`${name} must be an https:// URL`);
  }

  /** Adds problems found by another parser (kept once each: parsers may share a variable). */
  include(problems: readonly string[]): void {
    for (const problem of problems) if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  result<T>(value: T): Parsed<T> {
    return this.problems.length > 0 ? { ok: false, problems: [...this.problems] } : { ok: true, value };
  }
}
