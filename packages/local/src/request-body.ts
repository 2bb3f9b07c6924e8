import type { IncomingMessage } from "node:http";

/** API Gateway refuses request payloads above 10 MB before any Lambda runs. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/** What the request says about its body before any of it is read. */
export function declaredBody(request: IncomingMessage): { present: boolean; length: number | undefined } {
  const raw = request.headers["content-length"];
  const length = raw === undefined ? undefined : Number(raw);
  const chunked = request.headers["transfer-encoding"] !== undefined;
  return { present: chunked || (length !== undefined && length > 0), length: Number.isFinite(length) ? length : undefined };
}

/**
 * Reads the whole body, refusing it as soon as the declared or received size passes `limit`
 * so an oversized upload is never buffered.
 */
export function readBody(request: IncomingMessage, limit = GATEWAY_MAX_BODY_BYTES): Promise<Buffer> {
  const declared = declaredBody(request).length;
  if (declared !== undefined && declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        request.pause(); // no more of it is read
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error("request aborted"));
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("aborted", onAborted);
  });
}
