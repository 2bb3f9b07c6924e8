import { Command, InvalidArgumentError } from "commander";
import { addAclCommand } from "./commands/acl";
import { addBucketCommands } from "./commands/buckets";
import { addCompletionCommand } from "./commands/completion";
import { addConfigCommand } from "./commands/config";
import { addUploadsCommand } from "./commands/uploads";
import { addVersioningCommand } from "./commands/versioning";
import { addVersionsCommand } from "./commands/versions";
import { addWhoamiCommand } from "./commands/whoami";
import { CONFIG_HELP } from "./config-file";
import { EXIT_CODES_HELP } from "./exit-codes";
import type { RunState } from "./invocation";
import { version } from "../package.json";

/** From package.json, the one place the version is written (the bundle inlines it; release.yml checks tags against it). */
export const VERSION: string = version;

function integerIn(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`${what} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("timeout must be a positive number of seconds.");
  return n;
}

/**
 * A fresh command tree per run: commander keeps parsed values on its objects. Subcommands made with
 * .command() copy the output routing and exit override set here, so configure before adding them.
 */
export function buildProgram(state: RunState): Command {
  const { io } = state;
  const program = new Command("rahcp")
    .description("Manage S3 buckets on Hitachi Content Platform through the rahcp API.")
    .version(VERSION, "-V, --version", "print the CLI version")
    .option("--endpoint <url>", "API base URL, e.g. http://localhost:8000 (env RAHCP_ENDPOINT)")
    .option("--token <jwt>", "bearer token (env RAHCP_TOKEN; prefer env or config: flags are visible to other users)")
    .option("--profile <name>", "profile of the config file to use (env RAHCP_PROFILE)")
    .option("--json", "print the API's JSON instead of tables (for scripts and jq)")
    .option("--timeout <seconds>", "timeout of each request attempt (default 30)", positiveSeconds)
    .option("--retries <n>", "retries of idempotent requests on 429/502/503/504 and network errors (default 3)", integerIn(0, 10, "retries"))
    .helpOption("-h, --help", "show help for a command")
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Parsing errors in the same one-line form as the others.
      outputError: (text, write) => write(`rahcp: ${text.trim().replace(/^error: /, "").replace(/\s*\n\s*/g, " ")} (add --help for usage)\n`),
    })
    .addHelpText("after", `\nExamples:\n  rahcp s3 ls\n  rahcp s3 ls my-bucket --prefix data/\n  rahcp --profile prod s3 versioning my-bucket enable\n\n${CONFIG_HELP}\n\n${EXIT_CODES_HELP}\n`);

  const s3 = program
    .command("s3")
    .description("bucket commands: ls, mb, rb, exists, versioning, versions, uploads, acl")
    .addHelpText("after", "\nRun `rahcp s3 COMMAND --help` for a command's options. Global options (--endpoint, --json, ...) work anywhere.");
  const parsers = { maxKeys: integerIn(1, 1000, "max-keys"), maxUploads: integerIn(1, 1000, "max-uploads") };
  addBucketCommands(s3, state, parsers);
  addVersioningCommand(s3, state);
  addVersionsCommand(s3, state, parsers);
  addUploadsCommand(s3, state, parsers);
  addAclCommand(s3, state);
  addWhoamiCommand(program, state);
  addConfigCommand(program, state);
  addCompletionCommand(program, state);
  return program;
}
