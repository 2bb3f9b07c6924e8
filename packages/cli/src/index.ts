export { run, errorLine, errorJson } from "./run";
export { main } from "./main";
export { EXIT, EXIT_CODES_HELP, UsageError, exitCodeFor, type ExitCode } from "./exit-codes";
export { buildProgram, VERSION } from "./program";
export { resolveSettings, type Settings, type GlobalFlags } from "./settings";
export { loadConfigFile, configPath, type ConfigFile, type Profile } from "./config-file";
export { bashCompletion } from "./commands/completion";
export type { CliIo } from "./io";
