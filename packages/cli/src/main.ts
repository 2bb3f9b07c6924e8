import { processIo } from "./process-io";
import { run } from "./run";

/** Entry of the `rahcp` bin: run, then let the process end on its own with the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // `rahcp s3 ls b --all | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await run(argv, processIo());
}
