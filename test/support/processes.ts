import { execFile } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** Runs a program to its end; a non-zero exit is a result, not an exception (only a failure to start throws). */
export function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(Object.assign(error, { stdout, stderr }));
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Every distinct Node binary around: the one running the tests (npm's node@24) and the system one (20). */
export function nodeBinaries(): string[] {
  const candidates = [process.execPath, ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "node")), "/usr/bin/node"];
  const real = candidates.filter((path) => existsSync(path)).map((path) => realpathSync(path));
  return [...new Set(real)];
}
