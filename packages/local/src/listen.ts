import { createServer, type RequestListener, type Server } from "node:http";
import { isIPv6 } from "node:net";

/**
 * Without HOST the server listens on both loopback addresses, so http://localhost:PORT works
 * whether `localhost` resolves to 127.0.0.1 or ::1, and nothing is exposed beyond this machine.
 */
export const DEFAULT_HOSTS = ["127.0.0.1", "::1"] as const;

/** Errors meaning "this machine has no such address family", not "the port is taken". */
const UNAVAILABLE = new Set(["EADDRNOTAVAIL", "EAFNOSUPPORT", "EPROTONOSUPPORT"]);

export interface Listening {
  port: number;
  hosts: string[];
  close(): Promise<void>;
}

function listenOne(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen({ host, port, ipv6Only: host === "::1" }, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Requests still running get a moment to finish, then their sockets go.
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
}

/**
 * Listens on every host with the same port (the first bind picks it when `port` is 0).
 * `optional` hosts are skipped when their address family is unavailable.
 */
export async function listenOnHosts(
  listener: RequestListener,
  hosts: readonly string[],
  port: number,
  optional: ReadonlySet<string> = new Set(),
): Promise<Listening> {
  const servers: Server[] = [];
  const bound: string[] = [];
  const close = async (graceMs = 2_000) => {
    await Promise.all(servers.map((s) => closeServer(s, graceMs)));
  };
  let actualPort = port;
  try {
    for (const host of hosts) {
      const server = createServer({ requestTimeout: 60_000 }, listener);
      try {
        actualPort = await listenOne(server, host, actualPort);
      } catch (error) {
        if (optional.has(host) && UNAVAILABLE.has((error as NodeJS.ErrnoException).code ?? "")) continue;
        if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
          const where = isIPv6(host) ? `[${host}]:${actualPort}` : `${host}:${actualPort}`;
          throw new Error(`${where} is already in use (set PORT to use another port)`, { cause: error });
        }
        throw error;
      }
      servers.push(server);
      bound.push(host);
    }
  } catch (error) {
    await close(0);
    throw error;
  }
  return { port: actualPort, hosts: bound, close: () => close() };
}
