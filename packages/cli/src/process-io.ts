import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { httpFetch } from "./http-fetch";
import type { CliIo } from "./io";

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
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
    fetch: httpFetch,
  };
}
