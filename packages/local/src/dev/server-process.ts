import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PUBLIC_PORT_ENV, type ServerProcessMessage, type SupervisorMessage } from "./protocol";

const ENTRY = fileURLToPath(new URL("./child.ts", import.meta.url));
/** tsx's loader, as `npm start` runs the server: TypeScript straight from packages/<name>/src. */
const TSX = import.meta.resolve("tsx");

/** Loading the modules, then starting (handlers cold-start, the JWKS is fetched): seconds on 2 cores. */
const STEP_TIMEOUT_MS = 60_000;
/** The local server lets in-flight requests finish for 2 s when it closes. */
const STOP_TIMEOUT_MS = 15_000;

export type ReadyFacts = Extract<ServerProcessMessage, { type: "ready" }>;

export interface ServerProcess {
  /** Settles when the process has exited, with its exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Starts serving (call once the previous process has stopped: they share the data dir). */
  start(): Promise<ReadyFacts>;
  /** Asks it to stop (it closes the server and the store), then kills it if it does not. */
  stop(): Promise<void>;
}

function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode ?? 1);
    else child.once("exit", (code, signal) => resolve(code ?? signal ?? 1));
  });
}

/** Settles with the next message of one of `types`; fails on a "failed" message, an exit or the timeout. */
function next<T extends ServerProcessMessage["type"]>(child: ChildProcess, exited: Promise<number | string>, type: T, step: string) {
  return new Promise<Extract<ServerProcessMessage, { type: T }>>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
    };
    const onMessage = (message: ServerProcessMessage) => {
      if (message.type === type) {
        done();
        resolve(message as Extract<ServerProcessMessage, { type: T }>);
      } else if (message.type === "failed") {
        done();
        reject(new Error(message.message));
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the server process did not finish ${step} within ${STEP_TIMEOUT_MS / 1000} s`));
    }, STEP_TIMEOUT_MS);
    child.on("message", onMessage);
    void exited.then((code) => {
      done();
      reject(new Error(`the server process exited (${code}) while ${step}; its output is above`));
    });
  });
}

/** A new server process (child.ts) with its modules loaded, not serving yet. */
export async function loadServerProcess(env: NodeJS.ProcessEnv, publicPort: number): Promise<ServerProcess> {
  const child = fork(ENTRY, [], {
    execArgv: ["--import", TSX],
    env: { ...env, [PUBLIC_PORT_ENV]: String(publicPort) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = exitOf(child);
  const send = (message: SupervisorMessage) => {
    if (child.connected) child.send(message);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) send({ type: "stop" });
    else child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    await next(child, exited, "loaded", "loading its modules");
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    exited,
    stop,
    start: async () => {
      const ready = next(child, exited, "ready", "starting");
      send({ type: "start" });
      try {
        return await ready;
      } catch (error) {
        await stop();
        throw error;
      }
    },
  };
}
