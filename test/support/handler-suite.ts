import { S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, vi } from "vitest";
import { routeList, type RouteSpec } from "@rahcp/core";
import { invoke, type EventOptions } from "../../kit/events";
import { loadHandler, type LambdaHandler } from "./handlers";
import { eventFor, type S3Mock } from "./route-cases";
import { useMockedTenants } from "./tenants";
import { createTestIssuer, trustTestIssuer, type TestIssuer } from "./tokens";

export interface HandlerSuiteOptions {
  /** The routes whose handlers the suite calls (default: every declared route). */
  routes?: readonly RouteSpec[];
  /**
   * The container's tenants before each test: mocked ones by name (default: the one implicit tenant),
   * or "environment" to let the container build them from HCP_* as a deployment does.
   */
  tenants?: readonly string[] | "environment";
  /** Trust the test issuer before each test (default); false when the suite installs its own verifier. */
  trust?: boolean;
  /** Environment for the whole file, set before the handlers load (removed after the last test). */
  env?: Readonly<Record<string, string>>;
}

type Invoked = Awaited<ReturnType<typeof invoke>>;

export interface HandlerSuite {
  /** Every S3Client's calls (reset before each test): what the backend answers, what it was asked. */
  readonly s3: S3Mock;
  /** The issuer the handlers trust. */
  readonly issuer: TestIssuer;
  /** A `buckets:admin` token of that issuer, minted once for the file. */
  readonly admin: string;
  /** The route's real handler (packages/functions), loaded once. */
  handler(route: RouteSpec): LambdaHandler;
  /** Invokes the route's handler with `event`, as Lambda does. */
  invoke(route: RouteSpec, event: APIGatewayProxyEventV2): Promise<Invoked>;
  /** Invokes the route's handler with a valid request for it (route cases), `overrides` applied. */
  send(route: RouteSpec, token: string | undefined, overrides?: Partial<EventOptions>): Promise<{ event: APIGatewayProxyEventV2; res: Invoked }>;
}

/**
 * The setup of a suite that calls the real Lambda handlers in-process: S3 mocked by
 * aws-sdk-client-mock, a test issuer the handlers trust (JWKS preloaded, no network), mocked tenants
 * and the route modules loaded once. Call it at the top of the file (or of a describe block); its
 * hooks run before the suite's own, so a suite's beforeEach can add mocks after the reset.
 */
export function handlerSuite(options: HandlerSuiteOptions = {}): HandlerSuite {
  const { routes = routeList, tenants = [], trust = true, env } = options;
  const s3 = mockClient(S3Client);
  const handlers = new Map<string, LambdaHandler>();
  let state: { issuer: TestIssuer; admin: string } | undefined;
  const ready = () => {
    if (!state) throw new Error("handlerSuite: its beforeAll has not run yet (use it inside tests and hooks)");
    return state;
  };

  beforeAll(async () => {
    for (const [name, value] of Object.entries(env ?? {})) vi.stubEnv(name, value);
    const issuer = await createTestIssuer();
    state = { issuer, admin: await issuer.token("buckets:admin") };
    for (const route of routes) handlers.set(route.id, await loadHandler(route));
  });

  beforeEach(() => {
    if (trust) trustTestIssuer(ready().issuer);
    if (tenants !== "environment") useMockedTenants(...tenants);
    s3.reset();
  });

  afterAll(() => {
    if (env) vi.unstubAllEnvs();
    s3.restore();
  });

  const handler = (route: RouteSpec): LambdaHandler => {
    const found = handlers.get(route.id);
    if (!found) throw new Error(`handlerSuite: ${route.id} is not among the routes this suite loaded`);
    return found;
  };
  const suite: HandlerSuite = {
    s3,
    get issuer() {
      return ready().issuer;
    },
    get admin() {
      return ready().admin;
    },
    handler,
    invoke: (route, event) => invoke(handler(route), event),
    async send(route, token, overrides = {}) {
      const event = eventFor(route, token, overrides);
      return { event, res: await invoke(handler(route), event) };
    },
  };
  return suite;
}
