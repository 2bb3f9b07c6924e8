import type { FetchLike } from "@rahcp/client";

/** Everything the CLI touches outside itself, so tests run it in-process with their own streams and env. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Home directory for the default config path (~/.rahcp/config.yaml). */
  homeDir: string;
  /** Reads a file named on the command line (relative to the working directory). */
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  /** fetch for the SDK (tests may stub it); default: the global fetch. */
  fetch?: FetchLike;
}
