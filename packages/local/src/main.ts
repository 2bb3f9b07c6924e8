/**
 * `npm start`: the API on http://localhost:8000 (PORT overrides), served by the Lambda handler
 * modules, with the embedded store (or HCP_ENDPOINT's S3) and the development token issuer.
 */
import { dataDirFromEnv, portFromEnv } from "./local-settings";
import { startLocalServer, type LocalServer } from "./server";

function banner(server: LocalServer): string {
  const backend = server.backend;
  const tokens = server.devIssuer
    ? "token: TOKEN=$(npm run -s token)"
    : `tokens: from ${server.auth.kind === "oidc" ? server.auth.issuer : "Cognito"} (AUTH_* settings)`;
  const policy = server.policy ? `  (access policy: ${server.policy.source}, ${server.policy.rules.length} rules)` : "";
  return [
    `rahcp local API on ${server.url}  (backend: ${backend})${policy}`,
    `${tokens}  then  curl -H "Authorization: Bearer $TOKEN" ${server.url}/api/v1/buckets   (Ctrl-C stops)`,
  ].join("\n");
}

async function main(): Promise<void> {
  const dataDir = dataDirFromEnv();
  const host = process.env.HOST || undefined;
  const server = await startLocalServer({ port: portFromEnv(), ...(host ? { host } : {}), dataDir });
  process.stdout.write(`${banner(server)}\n`);

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
