/**
 * `npm run dev`: `npm start` (same port, data dir, store and dev issuer) with live reload: the
 * next request after a source change under packages/<name>/src runs the new code, without a
 * restart of the listener. See supervisor.ts.
 */
import { banner } from "../banner";
import { dataDirFromEnv, portFromEnv, REPO_ROOT } from "../local-settings";
import { startDevServer } from "./supervisor";

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[rahcp dev] ${line}\n`);
  const host = process.env.HOST || undefined;
  const server = await startDevServer({ root: REPO_ROOT, port: portFromEnv(), ...(host ? { host } : {}), dataDir: dataDirFromEnv(), log });
  process.stdout.write(`${banner({ url: server.url, ...server.facts })}\n`);
  log("live reload: edits under packages/*/src apply to the next request (npx sst dev for live Lambda in AWS)");

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second Ctrl-C does not wait
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`rahcp dev: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`rahcp dev: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
