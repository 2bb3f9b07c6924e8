import { AuthenticationError, ForbiddenError, RahcpError } from "@rahcp/client";
import { CommanderError } from "commander";
import { EXIT, exitCodeFor, MissingTokenError, NotConfirmedError, UsageError, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";
import type { RunState } from "./invocation";
import { buildProgram } from "./program";

const TOKEN_HINT = "Check the token: --token, RAHCP_TOKEN or the profile's token (for the local server: npm run token).";

/** One line for stderr: what failed, the API's code and request id, and what to do about it. */
export function errorLine(error: unknown): string {
  if (error instanceof AuthenticationError) return `rahcp: authentication failed: ${error.message}. ${TOKEN_HINT}`;
  if (error instanceof ForbiddenError) return `rahcp: permission denied: ${error.message}`;
  if (error instanceof RahcpError) return `rahcp: ${error.message}`;
  if (error instanceof MissingTokenError || error instanceof NotConfirmedError) return `rahcp: ${error.message}`;
  if (error instanceof UsageError) return `rahcp: ${error.message} (add --help for usage)`;
  // Not expected: a bug. Name and message only, never a stack.
  return `rahcp: unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

/** `--json` failures: one JSON line, so scripts read the status, code and request id without parsing text. */
export function errorJson(error: unknown): string {
  if (error instanceof RahcpError) {
    return JSON.stringify({ error: { status: error.status, code: error.code, detail: error.detail, request_id: error.requestId ?? null } });
  }
  const code =
    error instanceof UsageError ? "UsageError" : error instanceof MissingTokenError ? "MissingToken" : error instanceof NotConfirmedError ? "NotConfirmed" : "UnexpectedError";
  return JSON.stringify({ error: { status: 0, code, detail: error instanceof Error ? error.message : String(error), request_id: null } });
}

/**
 * Runs the CLI with user arguments (no node/script prefix) and returns the exit code. Never calls
 * process.exit, so tests call it in-process.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const state: RunState = { io, exitCode: EXIT.ok };
  const program = buildProgram(state);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parsing problem (unknown option, missing argument…) is usage.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const json = argv.includes("--json");
    io.stderr(`${json ? errorJson(error) : errorLine(error)}\n`);
    return exitCodeFor(error);
  }
}
