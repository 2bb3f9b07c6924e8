/**
 * `npm start`: the API on http://localhost:8000 (PORT overrides), served by the Lambda handler
 * modules, with the embedded store (or HCP_ENDPOINT's S3) and the development token issuer.
 */
import { banner } from "./banner";
import { dataDirFromEnv, portFromEnv } from "./local-settings";
import { startLocalServer } from "./server";

async function main(): Promise<void> {
  const dataDir = dataDirFromEnv();
  const host = process.env.HOST || undefined;
  const server = await startLocalServer({ port: portFromEnv(), ...(host ? { host } : {}), dataDir });
  process.stdout.write(`${banner({ ...server, devIssuer: server.devIssuer !== undefined, policy: server.policy && { source: server.policy.source, rules: server.policy.rules.length } })}\n`);

  // A signal to the whole process group (Ctrl-C in a terminal, `kill -- -pgid`) reaches this process
  // directly and again relayed by npm/tsx: the same signal within this window is that one stop.
  const SAME_STOP_MS = 1_000;
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < SAME_STOP_MS) return;
      process.exit(1); // a second, later Ctrl-C does not wait for in-flight requests
    }
    stoppingSince = Date.now();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`rahcp local: stopping after ${signal} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`rahcp local: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
