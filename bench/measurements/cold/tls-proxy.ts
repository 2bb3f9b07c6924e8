import { connect, type AddressInfo } from "node:net";
import { createServer, type TLSSocket } from "node:tls";
import type { LoopbackCert } from "../../../kit/tls";

export interface TlsProxy {
  /** https://127.0.0.1:<port>, forwarding to the target. */
  url: string;
  close(): Promise<void>;
}

/**
 * Terminates TLS on loopback and forwards the bytes to a plain-HTTP S3 server: lets the benchmark
 * compare cold starts the way they happen against HCP, whose endpoints are HTTPS-only.
 */
export async function startTlsProxy(target: string, cert: LoopbackCert): Promise<TlsProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<TLSSocket>();
  const server = createServer({ key: cert.key, cert: cert.cert, noDelay: true }, (client) => {
    sockets.add(client);
    const upstream = connect(Number(port), hostname);
    // Nagle + delayed ACK would hold small responses ~40 ms on each hop (see scripts/rgw/start.sh).
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", () => (sockets.delete(client), upstream.destroy()));
    upstream.on("error", drop).on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
