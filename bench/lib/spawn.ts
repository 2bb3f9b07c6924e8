import { spawn } from "node:child_process";
import { setPriority } from "node:os";

export interface ChildOptions {
  env: Record<string, string | undefined>;
  /** Load TypeScript (tsx) in the child; the cold-start child stays plain Node. */
  typescript?: boolean;
  /** Extra Node flags, e.g. --expose-gc. */
  nodeFlags?: string[];
  timeoutMs?: number;
  /**
   * Scheduling priority (nice value, negative = ahead of other processes) for latency measurements:
   * keeps the backend's background threads from preempting the timed process on a 2-core machine.
   * Needs root; otherwise the child runs at normal priority.
   */
  priority?: number;
}

/** The environment a child starts from: this one without loaders injected through NODE_OPTIONS. */
export function childEnv(extra: Record<string, string | undefined>): Record<string, string | undefined> {
  const { NODE_OPTIONS: _, ...env } = process.env;
  return { ...env, ...extra };
}

/**
 * Runs a Node script and resolves with the first message it sends over IPC. Its stdout (handler
 * log lines) is discarded, its stderr kept for the error when it fails.
 */
export function runChild<T>(script: string, args: readonly string[], options: ChildOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const flags = [...(options.nodeFlags ?? []), ...(options.typescript ? ["--import", "tsx"] : [])];
    const child = spawn(process.execPath, [...flags, script, ...args], {
      env: options.env,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    if (options.priority !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, options.priority);
      } catch {
        // not permitted: measured at normal priority
      }
    }
    let stderr = "";
    let settled = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(new Error(`${script} timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 120_000);
    const finish = (error: Error | undefined, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    };
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 8_000) stderr += chunk.toString();
    });
    child.once("message", (message) => finish(undefined, message as T));
    child.once("error", (error) => finish(error));
    child.once("exit", (code, signal) => {
      finish(new Error(`${script} exited (${signal ?? code}) without a result: ${stderr.trim().slice(-2_000)}`));
    });
  });
}
