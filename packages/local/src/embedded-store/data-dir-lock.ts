import { randomUUID } from "node:crypto";
import { link, readFile, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

export const LOCK_FILE = "store.lock";

interface LockOwner {
  pid: number;
  hostname: string;
  token: string;
  since: string;
}

/** Data dirs held by this process, so a second open in the same process fails instead of taking its own lock over. */
const heldHere = new Set<string>();

export class DataDirBusyError extends Error {
  override readonly name = "DataDirBusyError";
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * One process owns a data dir. The lock file is created complete and atomically (hard link of a
 * written temp file, which fails if the lock exists). A lock whose process is gone (crash, kill -9)
 * is stale and taken over; a live holder, or a holder on another host, makes this fail.
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE);
  if (heldHere.has(path)) throw new DataDirBusyError(`${dir} is already open in this process`);
  const mine: LockOwner = { pid: process.pid, hostname: hostname(), token: randomUUID(), since: new Date().toISOString() };
  const staging = `${path}.${mine.token}`;
  await writeFile(staging, `${JSON.stringify(mine)}\n`, { flag: "wx" });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(staging, path);
        break;
      } catch (error) {
        if (!isCode(error, "EEXIST")) throw error;
        if (attempt >= 3) throw new DataDirBusyError(`${dir}: could not take over the stale lock ${path}`);
      }
      const text = await readFile(path, "utf8").catch((error: unknown) => (isCode(error, "ENOENT") ? undefined : Promise.reject(error)));
      if (text === undefined) continue; // released meanwhile
      const holder = parseOwner(text);
      if (holder) refuseIfLive(holder, dir, path);
      // Stale: remove it unless someone replaced it since we read it, then try again.
      if ((await readFile(path, "utf8").catch(() => undefined)) === text) await unlink(path).catch(() => undefined);
    }
  } finally {
    await unlink(staging).catch(() => undefined);
  }
  heldHere.add(path);
  return {
    async release() {
      heldHere.delete(path);
      const holder = parseOwner(await readFile(path, "utf8").catch(() => ""));
      if (holder?.token === mine.token) await unlink(path).catch(() => undefined);
    },
  };
}

function refuseIfLive(holder: LockOwner, dir: string, path: string): void {
  const advice = `stop it, or delete ${path} if you are sure no process uses ${dir}`;
  if (holder.hostname !== hostname()) {
    throw new DataDirBusyError(`${dir} is locked by process ${holder.pid} on host ${holder.hostname}: ${advice}`);
  }
  // Our own pid in a lock we do not hold is a leftover of an earlier process that had the same
  // pid (containers restart as pid 1), so it is stale.
  if (holder.pid !== process.pid && isAlive(holder.pid)) {
    throw new DataDirBusyError(`${dir} is in use by process ${holder.pid} (since ${holder.since}): ${advice}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, "EPERM"); // exists, owned by another user
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(value.pid) && typeof value.hostname === "string" && typeof value.token === "string") {
      return { pid: value.pid!, hostname: value.hostname, token: value.token, since: String(value.since ?? "") };
    }
  } catch {
    // unreadable content: treated as stale below
  }
  return undefined;
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
