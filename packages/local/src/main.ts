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

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(1); // a second Ctrl-C does not wait for in-flight requests
    }
    stopping = true;
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
