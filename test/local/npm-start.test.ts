import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { tempDataDir } from "../support/local-api";

/**
 * `npm start` as a user runs it: npm → the server, in its own process group. A signal to the group
 * (what Ctrl-C in a terminal does) reaches the server directly and relayed by npm: one clean stop.
 * (Under the `tsx` CLI a busy server was SIGKILLed: it forwards a signal and kills the child unless
 * the child acknowledges within 30 ms; `node --import tsx` runs one process.)
 */
let child: ChildProcess | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  if (child && child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(): Promise<{ url: string; exited: Promise<number | null> }> {
  const data = await tempDataDir();
  cleanups.push(data.remove);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", HOST: "127.0.0.1", RAHCP_DATA_DIR: data.dir };
  for (const name of ["AUTH_ISSUER", "AUTH_MODE", "HCP_ENDPOINT", "HCP_TENANTS", "RAHCP_POLICY"]) delete env[name];
  child = spawn("npm", ["start", "--silent"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child!.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /rahcp local API on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before its banner: ${output}`)));
  });
  return { url, exited };
}

describe("npm start", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("stops cleanly (exit 0) on %s to its whole process group", async (signal) => {
    const { url, exited } = await start();
    expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(200);
    process.kill(-child!.pid!, signal);
    expect(await exited).toBe(0);
  });
});
