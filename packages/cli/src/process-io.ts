import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { httpFetch } from "./http-fetch";
import type { CliIo } from "./io";

/** node:tty on first use only (it pulls in node:net): just `rb --force` asks whether a stream is a terminal. */
const require = createRequire(import.meta.url);
const isatty = (fd: number): boolean => (require("node:tty") as typeof import("node:tty")).isatty(fd);

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const DESCRIPTORS = { stdin: 0, stderr: 2 } as const;

/** One line from the terminal, with line editing; readline is loaded only when a command asks something. */
async function prompt(question: string): Promise<string | undefined> {
  const { createInterface } = await import("node:readline");
  return new Promise((resolveAnswer) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: isatty(0) });
    let answered = false;
    // Without a SIGINT listener readline only pauses on Ctrl-C; here it means "no".
    rl.on("SIGINT", () => rl.close());
    rl.once("close", () => {
      if (answered) return;
      process.stderr.write("\n"); // Ctrl-C or Ctrl-D left the cursor after the question
      resolveAnswer(undefined);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolveAnswer(answer);
    });
  });
}

/** The real process: its streams, environment, home directory and working directory; HTTP through node:http (see http-fetch.ts). */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    homeDir: homedir(),
    readFile: (path) => readFile(resolve(process.cwd(), path), "utf8"),
    readStdin: () => readAll(process.stdin),
    // isatty on the descriptor: touching process.stdin would open the stream for every command.
    isTerminal: (stream) => isatty(DESCRIPTORS[stream]),
    prompt,
    fetch: httpFetch,
  };
}
