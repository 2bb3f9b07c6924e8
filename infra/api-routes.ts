/**
 * Maps the single route declaration (httpRoutes in packages/core/src/routes/index.ts) to API Gateway
 * routes. Pure: infra/api.ts turns each definition into `api.route(...)`, and the tests compare
 * the result with the declaration, so there is no second list of routes anywhere.
 */
import type { HttpMethod, HttpRoute } from "@rahcp/core/routes";
import type { RoutePermission } from "@rahcp/core/routes/route-spec";
import { FUNCTIONS_DIR } from "./function-defaults";

/** Who may call a route: a permission (or just a valid token) checked by the function, or anyone (documentation). */
export type RouteAccess = RoutePermission | "public";

export interface ApiRouteDefinition {
  /** API Gateway route key, e.g. "GET /api/v1/buckets". */
  readonly key: string;
  /** The declaration's id: names the route and its function, so both stay stable across deploys. */
  readonly name: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** SST handler: "<file without .ts>.<export>". */
  readonly handler: string;
  /** The handler file, relative to the repository root. */
  readonly file: string;
  /** File name without `.ts` in packages/functions/src, as declared. */
  readonly handlerName: string;
  readonly access: RouteAccess;
  /** Functions that talk to HCP get the HCP secrets linked; the public ones do not. */
  readonly linksHcp: boolean;
  /** Lambda function description (at most 256 characters). */
  readonly description: string;
  /**
   * The name of an earlier route with the same handler whose function this route invokes too (the
   * documentation's HEAD routes); absent: the route has a function of its own.
   */
  readonly functionOf?: string;
}

const HANDLER_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LAMBDA_DESCRIPTION_MAX = 256;

function accessOf(route: HttpRoute): RouteAccess {
  return "public" in route ? "public" : route.permission;
}

export function apiRouteDefinition(route: HttpRoute): ApiRouteDefinition {
  if (!HANDLER_NAME.test(route.handler)) {
    throw new Error(`Route ${route.id}: handler "${route.handler}" must be a plain file name in ${FUNCTIONS_DIR}`);
  }
  if (!route.path.startsWith("/")) throw new Error(`Route ${route.id}: path must start with "/"`);
  const key = `${route.method} ${route.path}`;
  const access = accessOf(route);
  return {
    key,
    name: route.id,
    method: route.method,
    path: route.path,
    handler: `${FUNCTIONS_DIR}/${route.handler}.handler`,
    file: `${FUNCTIONS_DIR}/${route.handler}.ts`,
    handlerName: route.handler,
    access,
    linksHcp: access !== "public",
    description: `${key}: ${route.summary}`.slice(0, LAMBDA_DESCRIPTION_MAX),
  };
}

/**
 * One definition per declared route; a repeated route key or id is a declaration error. One
 * function per handler file: a later route with the same handler invokes the first one's function.
 */
export function apiRouteDefinitions(routes: readonly HttpRoute[]): ApiRouteDefinition[] {
  const definitions = routes.map(apiRouteDefinition);
  const seen = { keys: new Set<string>(), names: new Set<string>(), handlers: new Map<string, ApiRouteDefinition>() };
  return definitions.map((definition) => {
    if (seen.keys.has(definition.key)) throw new Error(`Route ${definition.key} is declared twice`);
    if (seen.names.has(definition.name)) throw new Error(`Route id ${definition.name} is declared twice`);
    seen.keys.add(definition.key);
    seen.names.add(definition.name);
    const owner = seen.handlers.get(definition.handlerName);
    if (!owner) {
      seen.handlers.set(definition.handlerName, definition);
      return definition;
    }
    if (owner.access !== definition.access) {
      throw new Error(`Routes ${owner.name} and ${definition.name} share handler ${definition.handlerName} but not their access`);
    }
    return { ...definition, functionOf: owner.name };
  });
}

/** Response headers browsers may read: the request id, and the hints behind 401/429/503 answers. */
const CORS_EXPOSED_HEADERS = ["x-request-id", "retry-after", "www-authenticate"];

export interface ApiCors {
  readonly allowOrigins: string[];
  readonly allowMethods: HttpMethod[];
  readonly allowHeaders: string[];
  readonly exposeHeaders: string[];
  readonly maxAge: "1 hour";
}

/**
 * API Gateway CORS for the stage's browser origins, or `false` (SST's default would allow every
 * origin). CORS lives only here: API Gateway answers preflights (there is no OPTIONS route) and
 * adds the headers to every response, so the functions carry no CORS code.
 */
export function apiCors(origins: readonly string[], routes: readonly ApiRouteDefinition[]): ApiCors | false {
  if (origins.length === 0) return false;
  return {
    allowOrigins: [...origins],
    allowMethods: [...new Set(routes.map((route) => route.method))].sort(),
    allowHeaders: ["authorization", "content-type"],
    exposeHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: "1 hour",
  };
}
