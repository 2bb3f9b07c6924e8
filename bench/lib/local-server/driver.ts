import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { LocalServerRequest, MemorySample, ServerReady } from "./child";
import { childEnv } from "../spawn";

const CHILD = join(import.meta.dirname, "child.ts");

type Body<T extends LocalServerRequest["type"]> = Omit<Extract<LocalServerRequest, { type: T }>, "id" | "type">;

export interface ServerProcess extends ServerReady {
  memory(gc?: boolean): Promise<MemorySample>;
  resetPeak(): Promise<void>;
  createBuckets(names: string[]): Promise<void>;
  deleteBuckets(names: string[]): Promise<void>;
  seedVersions(bucket: string, keys: number, versionsPerKey: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the local server in its own Node process (with --expose-gc) against `env`'s backend. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--expose-gc", "--import", "tsx", CHILD], {
    env: childEnv({ POWERTOOLS_LOG_LEVEL: "WARN", ...env }),
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < 8_000) stderr += chunk.toString();
  });
  const pending = new Map<number, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>();
  let nextId = 1;
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  child.on("message", (message: { id: number; error?: string } & Record<string, unknown>) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`local server: ${message.error}`));
    else waiter.resolve(message);
  });
  child.on("exit", (code, signal) => failAll(new Error(`local server process exited (${signal ?? code}): ${stderr.trim().slice(-2_000)}`)));

  const ready = await new Promise<ServerReady>((resolve, reject) => {
    pending.set(0, { resolve: (m) => resolve(m as unknown as ServerReady), reject });
  });
  const call = <T extends LocalServerRequest["type"]>(type: T, body: Body<T>, timeoutMs = 300_000): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`local server: ${type} timed out`)), timeoutMs);
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      child.send({ id, type, ...body });
    });
  return {
    url: ready.url,
    backend: ready.backend,
    adminToken: ready.adminToken,
    readToken: ready.readToken,
    memory: async (gc = false) => (await call("memory", { gc })) as unknown as MemorySample,
    resetPeak: async () => void (await call("peak-reset", {})),
    createBuckets: async (names) => void (await call("create-buckets", { names })),
    deleteBuckets: async (names) => void (await call("delete-buckets", { names })),
    seedVersions: async (bucket, keys, versionsPerKey) => void (await call("seed-versions", { bucket, keys, versionsPerKey })),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      await call("close", {}, 30_000).catch(() => child.kill("SIGKILL"));
      await exited;
    },
  };
}
