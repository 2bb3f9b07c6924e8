import { randomBytes } from "node:crypto";
import { request, type Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { apiErrorResponse } from "@rahcp/core/http/responses";

/**
 * Forwards one request to the current server process unchanged (raw headers, so duplicates,
 * case and Host stay as the client sent them) and streams its answer back. The process sees the
 * proxy as the peer: the event's sourceIp is 127.0.0.1, as it is for a local client of `npm start`.
 */
export function forward(req: IncomingMessage, res: ServerResponse, target: { port: number; agent: Agent }, done: () => void): void {
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
  };
  const upstream = request({
    host: "127.0.0.1",
    port: target.port,
    method: req.method,
    path: req.url,
    headers: req.rawHeaders,
    agent: target.agent,
  });
  upstream.on("response", (response) => {
    res.writeHead(response.statusCode ?? 502, response.statusMessage, response.rawHeaders);
    response.pipe(res);
  });
  upstream.on("error", (error) => {
    if (res.headersSent) res.destroy(error);
    else sendError(res, 502, "DevServerUnavailable", `The dev server process did not answer (${error.message})`);
  });
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
    finish();
  });
  req.pipe(upstream);
}

/** The API's error shape, for answers the supervisor gives itself (its codes are `npm run dev`'s, not the API's). */
export function sendError(res: ServerResponse, status: number, code: string, detail: string): void {
  const requestId = `${randomBytes(11).toString("base64url")}=`;
  const { headers, body } = apiErrorResponse({ status, code, detail }, requestId, { "apigw-requestid": requestId });
  res.writeHead(status, headers as Record<string, string>);
  res.end(body);
}
