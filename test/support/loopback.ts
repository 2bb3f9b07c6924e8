import { connect } from "node:net";

/** What tests say to servers on 127.0.0.1 below the level of fetch: raw requests, a free port. */

export interface RawResponse {
  status: number;
  /** Header lines as sent (lower-cased names), duplicates kept. */
  headerLines: [string, string][];
  header(name: string): string | undefined;
  /** Everything after the blank line, exactly as received. */
  body: Buffer;
}

/**
 * Sends `head` (request line + headers, CRLF separated, no trailing blank line) and `body` over a
 * plain socket with Connection: close and returns the bytes exactly as the server wrote them.
 */
export function rawRequest(port: number, head: string, body: Buffer | string = ""): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("raw request timed out")));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf("\r\n\r\n");
      if (split === -1) return reject(new Error(`no complete response: ${JSON.stringify(all.toString())}`));
      const [statusLine, ...lines] = all.subarray(0, split).toString("latin1").split("\r\n");
      const headerLines = lines.map((line): [string, string] => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      });
      resolve({
        status: Number(statusLine!.split(" ")[1]),
        headerLines,
        header: (name) => headerLines.find(([n]) => n === name.toLowerCase())?.[1],
        body: all.subarray(split + 4),
      });
    });
    socket.on("connect", () => {
      socket.write(`${head}\r\nConnection: close\r\n\r\n`);
      socket.end(body);
    });
  });
}

/** A port that was free a moment ago (for processes that must know the port before the server starts). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
