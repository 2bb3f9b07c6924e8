import type { RahcpClient } from "@rahcp/client";
import type { Command } from "commander";
import { EXIT, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";
import { clientFor, resolveSettings, type GlobalFlags, type Settings } from "./settings";

/** What a command's action gets: output helpers and, on demand, a configured client. */
export interface Invocation {
  io: CliIo;
  flags: GlobalFlags;
  json: boolean;
  settings(): Promise<Settings>;
  client(): Promise<RahcpClient>;
  out(text: string): void;
  /** Hints and notes for humans: stderr, so stdout stays a clean table. */
  note(text: string): void;
}

/** Per-run state shared by the command tree. */
export interface RunState {
  io: CliIo;
  exitCode: ExitCode;
}

type Action = (invocation: Invocation, ...args: never[]) => Promise<ExitCode | void>;

/**
 * Wraps a command body for commander: builds the Invocation from the merged global flags and records
 * the body's exit code. Failures propagate to `run`, which prints them and picks the exit code.
 */
export function action<A extends Action>(state: RunState, body: A) {
  return async (...commanderArgs: unknown[]) => {
    const command = commanderArgs[commanderArgs.length - 1] as Command;
    const flags = command.optsWithGlobals<GlobalFlags>();
    let settings: Promise<Settings> | undefined;
    const invocation: Invocation = {
      io: state.io,
      flags,
      json: flags.json === true,
      settings: () => (settings ??= resolveSettings(flags, state.io)),
      client: async () => clientFor(await invocation.settings(), state.io.fetch),
      out: (text) => {
        state.io.stdout(text);
      },
      note: (text) => {
        state.io.stderr(text);
      },
    };
    // commander passes (...positionals, options, command): the body takes (invocation, ...positionals, options).
    const code = await body(invocation, ...(commanderArgs.slice(0, -1) as never[]));
    state.exitCode = typeof code === "number" ? code : EXIT.ok;
  };
}
