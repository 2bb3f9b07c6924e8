import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isIPv6 } from "node:net";
import {
  httpRoutes,
  logger,
  useAccessPolicy,
  useTenantDirectory,
  type AccessPolicy,
  type AuthSettings,
  type HttpRoute,
  type TenantDirectory,
} from "@rahcp/core";
import { MAX_BODY_BYTES, policyFile } from "@rahcp/core/config";
import { readPolicyDocument } from "@rahcp/core/access/policy-file";
import type { ErrorCode, StatusOf } from "@rahcp/core/http/error-codes";
import { apiErrorResponse } from "@rahcp/core/http/responses";
import { API_SECURITY_HEADERS } from "@rahcp/core/http/security-headers";
import { toApiGatewayEvent, splitTarget, type RawRequest } from "./api-gateway-event";
import { fromLambdaResult, type GatewayResponse } from "./api-gateway-result";
import type { DevIssuer } from "./dev-issuer";
import { importFunctionHandler, lambdaContext, type HandlerLoader } from "./handler-modules";
import { invocationContexts } from "./invocation-context";
import { DEFAULT_HOSTS, listenOnHosts } from "./listen";
import { configureAuth, defaultAuthChoice, type AuthChoice, type LocalAuth } from "./local-auth";
import { BodyTooLargeError, declaredBody, GATEWAY_MAX_BODY_BYTES, readBody } from "./request-body";
import { createRouteMatcher } from "./route-match";
import { selectTenants } from "./store-selection";

export interface LocalServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Listen address(es); default: 127.0.0.1 and ::1 (loopback only, `localhost` works either way). */
  host?: string | readonly string[];
  /** Holds the embedded store (`store/`) and the dev issuer key (`dev-issuer/`). */
  dataDir: string;
  /** Tenants to serve instead of the selected ones (tests); the caller keeps ownership and closes them. */
  tenants?: TenantDirectory;
  /** The access policy; default: the file RAHCP_POLICY names (YAML or JSON), none when unset. `null`: none. */
  policy?: AccessPolicy | null;
  /** "dev": local issuer; "env": AUTH_* as given (a real IdP). Default: "env" when AUTH_ISSUER is set. */
  auth?: AuthChoice;
  /** Test seam: where route handlers come from (default: the @rahcp/functions modules). */
  loadHandler?: HandlerLoader;
  /** Request body limit enforced on the socket (API Gateway: 10 MB). */
  maxBodyBytes?: number;
  /**
   * The port clients dial when a proxy forwards to this server (`npm run dev`): it names the dev
   * issuer (tokens from `npm run token` carry it) and `x-forwarded-port`. Default: the listening port.
   */
  publicPort?: number;
}

export interface LocalServer {
  /** Base URL for clients, e.g. http://localhost:8000. */
  url: string;
  port: number;
  /** Addresses actually listened on. */
  hosts: string[];
  /** The storage backend serving the handlers, e.g. "embedded …" or "S3 http://…". */
  backend: string;
  /** The access policy in force, if any. */
  policy: AccessPolicy | undefined;
  storeKind: "s3" | "embedded" | "provided";
  auth: AuthSettings;
  /** The local token issuer, absent when AUTH_ISSUER points at a real identity provider. */
  devIssuer: DevIssuer | undefined;
  close(): Promise<void>;
}

let running = false;

/** What the server tells the runtime libraries (AWS_LAMBDA_MAX_CONCURRENCY): invocations overlap. */
const MAX_CONCURRENT_INVOCATIONS = 1000;

/** API Gateway's request ids look like "JKJaXmPLvHcESHA=". */
function newRequestId(): string {
  return `${randomBytes(11).toString("base64url")}=`;
}

/** Listen addresses for a HOST setting (also what `npm run dev` listens on), and the URL to print. */
export function hostsOf(option: LocalServerOptions["host"]): { hosts: string[]; optional: Set<string>; url: (port: number) => string } {
  const list = option === undefined || option === "localhost" ? undefined : typeof option === "string" ? [option] : [...option];
  if (!list) {
    return { hosts: [...DEFAULT_HOSTS], optional: new Set(["::1"]), url: (port) => `http://localhost:${port}` };
  }
  const first = list[0];
  if (!first) throw new Error("host list is empty");
  const url = (port: number) => {
    if (first === "0.0.0.0" || first === "::") return `http://localhost:${port}`;
    return isIPv6(first) ? `http://[${first}]:${port}` : `http://${first}:${port}`;
  };
  return { hosts: list, optional: new Set(), url };
}

/** The loopback address (URL form) where this process can fetch its own JWKS. */
function loopbackHostFor(hosts: readonly string[]): string | undefined {
  if (hosts.some((h) => h === "0.0.0.0" || h === "::" || h === "127.0.0.1")) return "127.0.0.1";
  const v4 = hosts.find((h) => /^127\.\d+\.\d+\.\d+$/.test(h));
  if (v4) return v4;
  if (hosts.includes("::1")) return "[::1]";
  return undefined;
}

function send(res: ServerResponse, method: string, response: GatewayResponse, requestId: string): void {
  const headers: Record<string, string | string[]> = { ...response.headers, "apigw-requestid": requestId };
  if (response.cookies.length > 0) headers["set-cookie"] = response.cookies;
  delete headers["transfer-encoding"];
  if (method === "HEAD" && response.body.length > 0) {
    // HEAD gets the headers GET would get and no body. Not a Content-Length of 0 (false: clients that
    // trust it, like a validating proxy, break) and not the true one either (clients that read a HEAD
    // answer like a GET one, e.g. the spec's `curl -X HEAD`, would wait for it): none, and the
    // connection closes, which RFC 9110 §9.3.2 allows.
    res.shouldKeepAlive = false;
    headers["connection"] = "close";
    res.writeHead(response.statusCode, headers);
    res.end();
    return;
  }
  headers["content-length"] = String(response.body.length);
  res.writeHead(response.statusCode, headers);
  res.end(method === "HEAD" ? undefined : response.body);
}

/** The server's own answers (routing, API Gateway's limit, its failures) carry the API's security headers too. */
function errorJson<C extends ErrorCode>(status: StatusOf<C>, code: C, detail: string, requestId: string, headers: Record<string, string> = {}): GatewayResponse {
  return fromLambdaResult(apiErrorResponse({ status, code, detail, headers }, requestId, API_SECURITY_HEADERS));
}

/** The dev issuer's public documents (JWKS, OpenID configuration): the same headers, but cacheable. */
function plainJson(body: unknown, cacheSeconds: number): GatewayResponse {
  return {
    statusCode: 200,
    headers: { ...API_SECURITY_HEADERS, "content-type": "application/json", "cache-control": `public, max-age=${cacheSeconds}` },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** The most a route's handler takes: its JSON limit, or nothing for routes without a body (GET, HEAD, DELETE, docs). */
function bodyLimitOf(route: HttpRoute): number {
  return "body" in route && route.body !== undefined ? MAX_BODY_BYTES : 0;
}

/**
 * The body the handler gets. One the route cannot take is never buffered: the handler gets a
 * stand-in one byte over the route's limit instead, so that it answers exactly as it would to
 * the whole body (a missing token still 401, then 413 or "takes no body"), and the rest of the
 * upload stays unread (the connection closes after the answer).
 */
async function bodyFor(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  try {
    return await readBody(req, limit);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    res.shouldKeepAlive = false;
    res.setHeader("connection", "close");
    return Buffer.alloc(limit + 1);
  }
}

/**
 * Serves the API locally: each request becomes the API Gateway HTTP API (payload 2.0) event that
 * API Gateway would send, and the route's own Lambda handler module answers it.
 * One server per process at a time: handlers share the process-wide store and token verifier.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  if (running) throw new Error("a local server is already running in this process; close it first");
  running = true;
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
    cleanups.length = 0;
  };
  try {
    // Read here and passed down (never written): the handlers read their own settings as on Lambda.
    const env = process.env;
    const { hosts, optional, url } = hostsOf(options.host);
    const choice = options.auth ?? defaultAuthChoice(env);
    const jwksHost = loopbackHostFor(hosts);
    if (choice === "dev" && !jwksHost) {
      throw new Error(
        `HOST=${hosts.join(",")} is not a loopback or wildcard address: the development issuer's keys are ` +
          "fetched over loopback. Use such a HOST, or set AUTH_ISSUER to trust another issuer.",
      );
    }
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });

    // Read before anything is opened: a policy that does not validate stops the start (PolicyError names file and rule).
    const file = policyFile(env);
    const policy = options.policy === undefined ? (file ? readPolicyDocument(file) : undefined) : (options.policy ?? undefined);

    let storeKind: LocalServer["storeKind"] = "provided";
    let tenants = options.tenants;
    if (!tenants) {
      const selected = await selectTenants(options.dataDir);
      cleanups.push(() => selected.close());
      tenants = selected.directory;
      storeKind = selected.kind;
    }
    // Handlers resolve both per request, so installing them here (before or after the modules load) is enough.
    useTenantDirectory(tenants);
    useAccessPolicy(policy);
    cleanups.push(() => {
      useTenantDirectory(undefined);
      useAccessPolicy("reset");
    });

    // Handlers run concurrently here; each call gets its own invocation context, as on Lambda.
    const invocations = await invocationContexts(MAX_CONCURRENT_INVOCATIONS);
    cleanups.push(() => invocations.restore());
    const loadHandler = options.loadHandler ?? importFunctionHandler;
    const match = createRouteMatcher(httpRoutes);
    const maxBodyBytes = options.maxBodyBytes ?? GATEWAY_MAX_BODY_BYTES;
    let auth: LocalAuth | undefined;
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));

    const discovery = (rawPath: string): GatewayResponse | undefined => {
      const issuer = auth?.devIssuer;
      if (!issuer || !auth || auth.settings.kind !== "oidc") return undefined;
      if (rawPath === "/.well-known/jwks.json") return plainJson(issuer.jwks, 300);
      if (rawPath === "/.well-known/openid-configuration") {
        return plainJson(issuer.openidConfiguration(`${issuer.issuer}/.well-known/jwks.json`), 300);
      }
      return undefined;
    };

    const respond = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
      await ready;
      const method = req.method ?? "GET";
      const target = req.url ?? "/";
      const { rawPath } = splitTarget(target);
      const shownPath = rawPath.length > 200 ? `${rawPath.slice(0, 200)}…` : rawPath; // echoed in error details
      const wellKnown = discovery(rawPath);
      if (wellKnown) {
        if (method === "GET" || method === "HEAD") return send(res, method, wellKnown, requestId);
        return send(res, method, errorJson(405, "MethodNotAllowed", `${method} is not allowed on ${shownPath}`, requestId, { allow: "GET, HEAD" }), requestId);
      }
      const found = match(method, rawPath);
      if (found.kind === "not-found") {
        return send(res, method, errorJson(404, "RouteNotFound", `No route for ${method} ${shownPath}`, requestId), requestId);
      }
      if (found.kind === "method-not-allowed") {
        const allow = found.allow.join(", ");
        return send(res, method, errorJson(405, "MethodNotAllowed", `${method} is not allowed on ${shownPath}; allowed: ${allow}`, requestId, { allow }), requestId);
      }
      if (found.kind === "bad-path") {
        return send(res, method, errorJson(400, "ValidationError", "The request path is not validly percent-encoded", requestId), requestId);
      }
      const declared = declaredBody(req);
      if (declared.length !== undefined && declared.length > maxBodyBytes) {
        // API Gateway's own limit, before any function runs.
        res.shouldKeepAlive = false; // do not read the rest of an oversized upload
        return send(res, method, errorJson(413, "PayloadTooLarge", `Request body must be at most ${maxBodyBytes} bytes`, requestId, { connection: "close" }), requestId);
      }
      const body = declared.present ? await bodyFor(req, res, Math.min(bodyLimitOf(found.route), maxBodyBytes)) : Buffer.alloc(0);
      const request: RawRequest = {
        method,
        target,
        rawHeaders: req.rawHeaders,
        httpVersion: req.httpVersion,
        remoteAddress: req.socket.remoteAddress,
        localPort: options.publicPort ?? req.socket.localPort ?? listening.port,
        body,
      };
      const event = toApiGatewayEvent({ request, route: found.route, pathParameters: found.pathParameters, requestId });
      const handler = await loadHandler(found.route);
      const context = lambdaContext(found.route);
      const result = await invocations.run(context.awsRequestId, () => handler(event, context));
      send(res, method, fromLambdaResult(result), requestId);
    };

    const listener = (req: IncomingMessage, res: ServerResponse) => {
      const requestId = newRequestId();
      respond(req, res, requestId).catch((error: unknown) => {
        // Like API Gateway when the integration fails: a 500, and the server keeps serving.
        logger.error("local server: request failed", {
          request_id: requestId,
          method: req.method,
          path: splitTarget(req.url ?? "/").rawPath,
          cause: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        if (res.headersSent) {
          res.destroy();
          return;
        }
        send(res, req.method ?? "GET", errorJson(500, "InternalError", "Internal server error", requestId), requestId);
      });
    };

    const listening = await listenOnHosts(listener, hosts, options.port, optional);
    cleanups.push(() => listening.close());

    auth = await configureAuth({
      choice,
      env,
      dataDir: options.dataDir,
      port: listening.port,
      issuerPort: options.publicPort ?? listening.port,
      jwksHost: jwksHost ?? "127.0.0.1",
    });

    // Cold-start every function up front. As on Lambda, one broken function does not take the
    // others down: it is reported here and its route answers 500 until the module loads.
    await Promise.all(
      httpRoutes.map((route) =>
        loadHandler(route).catch((error: unknown) => {
          logger.warn("local server: handler module failed to load", {
            route: `${route.method} ${route.path}`,
            handler: route.handler,
            cause: error instanceof Error ? { name: error.name, message: error.message } : String(error),
          });
        }),
      ),
    );
    markReady();
    if (auth.devIssuer) await auth.verifier.warm(); // proves the JWKS is reachable the production way

    let closed: Promise<void> | undefined;
    return {
      url: url(listening.port),
      port: listening.port,
      hosts: listening.hosts,
      backend: tenants.description,
      policy,
      storeKind,
      auth: auth.settings,
      devIssuer: auth.devIssuer,
      close: () => {
        closed ??= cleanup().finally(() => {
          running = false;
        });
        return closed;
      },
    };
  } catch (error) {
    await cleanup();
    running = false;
    throw error;
  }
}
