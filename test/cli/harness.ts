import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll } from "vitest";
// The CLI package publishes only its bundled bin; in-process tests use its source.
import { run, type CliIo } from "../../packages/cli/src/index";
import type { FetchLike } from "@rahcp/client";
import { startLocalApi, type LocalApi } from "../support/local-api";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  dir: string;
  /** A config path under the sandbox (the real ~/.rahcp is never read). */
  configPath: string;
  writeConfig(yaml: string): Promise<void>;
  writeFile(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

/** A temporary home and config location for one test file. */
export async function sandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), "rahcp-cli-"));
  const configPath = join(dir, "config.yaml");
  return {
    dir,
    configPath,
    writeConfig: (yaml) => writeFile(configPath, yaml),
    async writeFile(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  fetch?: FetchLike;
  /** Standard input; a prompt reads its first line (none: the user pressed Ctrl-D). */
  stdin?: string;
  /** Which streams pretend to be a terminal (default: neither, as under CI). */
  terminal?: { stdin?: boolean; stderr?: boolean };
  /** Home directory (default: the sandbox, whose .rahcp/ does not exist). */
  homeDir?: string;
}

/** Runs the CLI in-process and captures its output and exit code. */
export async function rahcp(args: string[], options: RunOptions & { sandbox: Sandbox }): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { RAHCP_CONFIG: options.sandbox.configPath, ...options.env },
    homeDir: options.homeDir ?? options.sandbox.dir,
    readFile: (path) => readFile(resolve(options.sandbox.dir, path), "utf8"),
    readStdin: async () => options.stdin ?? "",
    isTerminal: (stream) => options.terminal?.[stream] === true,
    prompt: async (question) => {
      stderr += question;
      if (options.stdin === undefined) {
        stderr += "\n"; // as the real prompt ends the line on Ctrl-D
        return undefined;
      }
      const line = options.stdin.split("\n")[0]!;
      stderr += `${line}\n`; // a terminal echoes what is typed
      return line;
    },
    ...(options.fetch && { fetch: options.fetch }),
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** Short UTC dates as the tables print them. */
export const SHORT_DATE = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;

export interface LocalApiCli {
  /** The suite's local API (started in beforeAll). */
  readonly api: LocalApi;
  readonly box: Sandbox;
  /** rahcp against the suite's local API, with its token unless `token` names another. */
  run(args: string[], options?: Omit<RunOptions, "env"> & { token?: string }): Promise<CliResult>;
}

/** A local API and a sandbox for one test file: started before its tests, stopped after them. */
export function localApiCli(): LocalApiCli {
  let api: LocalApi | undefined;
  let box: Sandbox | undefined;
  beforeAll(async () => {
    [api, box] = await Promise.all([startLocalApi(), sandbox()]);
  });
  afterAll(async () => {
    await api?.close();
    await box?.remove();
  });
  const started = () => {
    if (api === undefined || box === undefined) throw new Error("the local API is started in beforeAll");
    return { api, box };
  };
  return {
    get api() {
      return started().api;
    },
    get box() {
      return started().box;
    },
    run(args, { token, ...options } = {}) {
      const { api, box } = started();
      return rahcp(args, { ...options, sandbox: box, env: { RAHCP_ENDPOINT: api.url, RAHCP_TOKEN: token ?? api.token } });
    },
  };
}
