/**
 * One generation of `npm run dev`'s server: the local server `npm start` runs, on an internal
 * loopback port behind the supervisor (supervisor.ts), told the public port so the dev issuer's
 * tokens match the port clients dial. Its modules load (the slow part) while the previous
 * process still serves; a module that throws while loading fails this process, not the session.
 * It starts serving on "start", and stops, releasing the embedded store's lock on the data dir,
 * on "stop", on SIGTERM, or when the supervisor goes away. Ctrl-C reaches it too (same process
 * group) and is left to the supervisor.
 */
import { dataDirFromEnv } from "../local-settings";
import { startLocalServer, type LocalServer } from "../server";
import { PUBLIC_PORT_ENV, type ServerProcessMessage, type SupervisorMessage } from "./protocol";

function tell(message: ServerProcessMessage, then: () => void = () => undefined): void {
  if (process.send) process.send(message, () => then());
  else then();
}

function fail(error: unknown): void {
  tell({ type: "failed", message: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
}

function main(): void {
  if (!process.send) throw new Error("started without an IPC channel: run `npm run dev`, not this file");
  const publicPort = Number(process.env[PUBLIC_PORT_ENV]);
  if (!Number.isInteger(publicPort) || publicPort <= 0) throw new Error(`${PUBLIC_PORT_ENV} must be the supervisor's port`);

  let starting: Promise<LocalServer> | undefined;
  let stopping = false;
  // Waits for a start in progress: exiting mid-start would leave the data-dir lock behind.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    (starting ?? Promise.resolve(undefined))
      .then((server) => server?.close(), () => undefined)
      .then(() => process.exit(0), () => process.exit(1));
  };
  const start = () => {
    if (starting || stopping) return;
    starting = startLocalServer({ port: 0, host: "127.0.0.1", dataDir: dataDirFromEnv(), publicPort });
    starting.then(
      (server) => {
        if (!stopping) tell({
            type: "ready",
            port: server.port,
            backend: server.backend,
            auth: server.auth,
            devIssuer: server.devIssuer !== undefined,
            policy: server.policy && { source: server.policy.source, rules: server.policy.rules.length },
          });
      },
      (error: unknown) => fail(error),
    );
  };
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", stop);
  process.on("disconnect", stop);
  process.on("message", (message: SupervisorMessage) => {
    if (message.type === "start") start();
    else if (message.type === "stop") stop();
  });
  tell({ type: "loaded" });
}

try {
  main();
} catch (error) {
  fail(error);
}
