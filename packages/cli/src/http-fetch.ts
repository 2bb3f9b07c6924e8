import type { IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { FetchLike, FetchResponse } from "@rahcp/client";

/**
 * node:http through require, on first use: its ES module facade reads every export, and the lazy
 * `http.WebSocket` getter then loads undici (≈ 70 ms in a fresh Node 24 process), which is exactly
 * what this module exists to avoid.
 */
const require = createRequire(import.meta.url);
const transports = {
  "http:": () => (require("node:http") as typeof import("node:http")).request,
  "https:": () => (require("node:https") as typeof import("node:https")).request,
};

/**
 * The SDK's fetch for the `rahcp` process, on node:http/https. Node's global fetch (undici) costs a
 * fresh process about 100 ms before its first response (loading undici, compiling its HTTP parser),
 * more than the rest of `rahcp s3 ls` together (`npm run bench -- --only=cli`); the SDK only reads
 * the status, two headers and the body text. TLS is Node's own (NODE_EXTRA_CA_CERTS applies).
 * Redirects are not followed: the API never sends one, so a 3xx is reported as the error it is.
 */
export const httpFetch: FetchLike = (input, init) =>
  new Promise<FetchResponse>((resolve, reject) => {
    const url = new URL(input);
    if (url.protocol !== "http:" && url.protocol !== "https:") return reject(new TypeError(`unsupported URL scheme ${url.protocol}`));
    const send = transports[url.protocol]();
    const body = requestBody(init.body);
    const headers = headerRecord(init.headers);
    if (body !== undefined) headers["content-length"] = String(body.byteLength);
    const request = send(url, {
      method: init.method ?? "GET",
      headers,
      ...(init.signal ? { signal: init.signal } : {}),
    });
    request.once("error", reject);
    request.once("response", (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("error", reject);
      const text = new Promise<string>((resolveText, rejectText) => {
        response.once("end", () => resolveText(Buffer.concat(chunks).toString("utf8")));
        response.once("error", rejectText);
        response.once("close", () => {
          if (!response.complete) rejectText(init.signal?.aborted ? init.signal.reason : new Error("the connection closed before the response was complete"));
        });
      });
      // A body nobody reads (HEAD, or an unread error page) must not surface as an unhandled rejection.
      text.catch(() => undefined);
      const status = response.statusCode ?? 0;
      resolve({
        ok: status >= 200 && status < 300,
        status,
        statusText: response.statusMessage ?? "",
        headers: { get: (name) => headerValue(response, name) },
        text: () => text,
      });
    });
    request.end(body);
  });

function requestBody(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new TypeError("httpFetch sends string or byte bodies only");
}

function headerRecord(headers: RequestInit["headers"]): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  const pairs: Iterable<readonly [string, string]> =
    Array.isArray(headers) || Symbol.iterator in headers ? (headers as Iterable<readonly [string, string]>) : Object.entries(headers);
  for (const [name, value] of pairs) record[name.toLowerCase()] = value;
  return record;
}

function headerValue(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}
