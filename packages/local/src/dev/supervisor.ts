import { Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { listenOnHosts } from "../listen";
import { hostsOf } from "../server";
import { checkCompiles, handlerEntries } from "./compile-check";
import { forward, sendError } from "./proxy";
import { loadServerProcess, type ReadyFacts, type ServerProcess } from "./server-process";
import { watchSources, type SourceWatcher } from "./watch-sources";

/**
 * `npm run dev`: the supervisor owns the listening socket for the whole session and forwards each
 * request to a server process (child.ts: the local server `npm start` runs) on an internal
 * loopback port. After a source change under packages/<name>/src it first bundles the new code
 * (compile-check.ts) and loads it in a new process; only code that compiles and loads replaces
 * the running process: requests arriving meanwhile wait, requests in flight finish on the old
 * code, the old process stops (releasing the embedded store's lock on the data dir), and the new
 * one starts serving on the same data dir, so the store and the dev issuer's key stay the same.
 * Nothing relies on re-importing modules in a live process.
 */

export interface DevServerOptions {
  /** The repository root (packages/, the data dir default). */
  root: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** One line per event: reloads, compile errors, restarts. */
  log: (line: string) => void;
  debounceMs?: number;
}

export interface DevServer {
  url: string;
  port: number;
  /** What the first server process reported (backend, auth), for the banner. */
  facts: ReadyFacts;
  close(): Promise<void>;
}

interface Generation {
  readonly process: ServerProcess;
  readonly facts: ReadyFacts;
  readonly agent: Agent;
  readonly digest: string;
  /** Requests forwarded to it and not answered yet. */
  active: number;
  /** Set when a newer generation takes over: no request is forwarded to it any more. */
  retired: boolean;
  onIdle?: () => void;
}

/** Files run by the supervisor itself: a change to them needs a restart of `npm run dev`. */
const SUPERVISOR_FILE = /^packages\/local\/src\/dev\/(?!child\.ts$|protocol\.ts$)/;

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { root, log } = options;
  const env = { ...(options.env ?? process.env), RAHCP_DATA_DIR: options.dataDir };
  const childEntry = join(root, "packages/local/src/dev/child.ts");
  const entries = async () => [childEntry, ...(await handlerEntries(root))];

  let current: Generation | undefined;
  /** What requests wait for: pending while a process is being swapped in, undefined when none serves. */
  let available!: Promise<Generation | undefined>;
  let settle!: (generation: Generation | undefined) => void;
  const hold = () => {
    available = new Promise((resolve) => (settle = resolve));
    return performance.now();
  };
  hold(); // requests arriving during the first start wait for it
  let down = "the dev server is starting";
  let closing = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (;;) {
      const generation = await available;
      if (!generation) return sendError(res, 503, "DevServerDown", down);
      if (generation.retired) {
        // A reload began between our wait and now: wait for its generation instead.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      generation.active++;
      return forward(req, res, { port: generation.facts.port, agent: generation.agent }, () => {
        generation.active--;
        if (generation.active === 0) generation.onIdle?.();
      });
    }
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, "InternalError", error instanceof Error ? error.message : String(error));
    });
  };

  const { hosts, optional, url } = hostsOf(options.host);
  const listening = await listenOnHosts(listener, hosts, options.port, optional);

  /** Serves with a loaded process: the previous one must have stopped (they share the data dir). */
  const serve = async (process: ServerProcess, digest: string): Promise<Generation> => {
    const facts = await process.start();
    const generation: Generation = { process, facts, agent: new Agent({ keepAlive: true }), digest, active: 0, retired: false };
    void process.exited.then((code) => {
      if (closing || generation.retired || current !== generation) return;
      current = undefined;
      down = `The server process exited unexpectedly (${code}) and is being started again.`;
      available = Promise.resolve(undefined);
      log(`the server process exited unexpectedly (${code}); starting it again`);
      void reload([], true);
    });
    return generation;
  };

  /** Stops taking requests to `generation`, lets its in-flight ones finish, and stops it. */
  const retire = async (generation: Generation): Promise<void> => {
    generation.retired = true;
    if (generation.active > 0) await new Promise<void>((resolve) => (generation.onIdle = resolve));
    generation.agent.destroy();
    await generation.process.stop();
  };

  let reloading: Promise<void> | undefined;
  let queued: { paths: Set<string>; force: boolean } | undefined;
  let lastCheckFailed = false;

  const swap = async (paths: readonly string[], force: boolean): Promise<void> => {
    const started = performance.now();
    const check = await checkCompiles(root, await entries());
    if (!check.ok) {
      lastCheckFailed = true;
      const serving = current ? "still serving the previous code" : "nothing is served until it compiles";
      for (const error of check.errors) log(`${error}  (${serving})`);
      if (!current) down = `The code does not compile: ${check.errors[0] ?? "unknown error"}`;
      return;
    }
    const recovered = lastCheckFailed;
    lastCheckFailed = false;
    if (!force && current && check.digest === current.digest) {
      if (recovered) log("the code compiles again and is unchanged; nothing to reload");
      return;
    }
    let loaded: ServerProcess;
    try {
      loaded = await loadServerProcess(env, listening.port);
    } catch (error) {
      lastCheckFailed = true;
      log(`the new code failed to load: ${error instanceof Error ? error.message : String(error)}  (${current ? "still serving the previous code" : "nothing is served"})`);
      return;
    }
    const paused = hold();
    const previous = current;
    current = undefined;
    if (previous) await retire(previous);
    try {
      current = await serve(loaded, check.digest);
      settle(current);
      const what = paths.length === 0 ? "" : ` (${paths[0]}${paths.length > 1 ? ` and ${paths.length - 1} more` : ""})`;
      const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
      log(`reloaded in ${seconds(started)} s, requests held for ${seconds(paused)} s${what}`);
    } catch (error) {
      down = `The server process did not start: ${error instanceof Error ? error.message : String(error)}. Fix the code and save.`;
      settle(undefined);
      log(`${down} Requests get 503 until then.`);
    }
  };

  /** Runs one reload at a time; changes arriving meanwhile make one more after it. */
  const reload = (paths: readonly string[], force = false): Promise<void> => {
    if (reloading) {
      queued ??= { paths: new Set(), force: false };
      for (const path of paths) queued.paths.add(path);
      queued.force ||= force;
      return reloading;
    }
    reloading = swap(paths, force).finally(() => {
      reloading = undefined;
      const next = queued;
      queued = undefined;
      if (next && !closing) void reload([...next.paths], next.force);
    });
    return reloading;
  };

  let watcher: SourceWatcher | undefined;
  try {
    const check = await checkCompiles(root, await entries());
    if (!check.ok) throw new Error(`the code does not compile:\n  ${check.errors.join("\n  ")}`);
    current = await serve(await loadServerProcess(env, listening.port), check.digest);
    settle(current);
    watcher = watchSources(root, (paths) => {
      const supervisor = paths.filter((path) => SUPERVISOR_FILE.test(path));
      if (supervisor.length > 0) log(`${supervisor.join(", ")} runs in the supervisor: restart npm run dev to apply it`);
      void reload(paths);
    }, options.debounceMs);
  } catch (error) {
    down = `The dev server could not start: ${error instanceof Error ? error.message : String(error)}`;
    settle(undefined);
    await listening.close();
    throw error;
  }
  const facts = current.facts;

  let closed: Promise<void> | undefined;
  return {
    url: url(listening.port),
    port: listening.port,
    facts,
    close: () => {
      closed ??= (async () => {
        closing = true;
        watcher?.close();
        await reloading;
        await listening.close();
        if (current) await retire(current);
      })();
      return closed;
    },
  };
}
