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
  /**
   * Whether the stream is a terminal: a confirmation needs someone at standard input to type it,
   * and a progress line redrawn in place only makes sense on a terminal's standard error.
   */
  isTerminal(stream: "stdin" | "stderr"): boolean;
  /** Shows `question` on stderr and reads the line typed in answer; undefined at end of input (Ctrl-D) or on Ctrl-C. */
  prompt(question: string): Promise<string | undefined>;
  /** fetch for the SDK (tests may stub it); default: the global fetch. */
  fetch?: FetchLike;
}
