import { routeList, type RouteSpec } from "@rahcp/core";

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

/** Imports the handler a route declares (packages/functions/src/<handler>.ts); fails if it is missing. */
export async function loadHandler(route: Pick<RouteSpec, "handler">): Promise<LambdaHandler> {
  const module = (await import(`../../packages/functions/src/${route.handler}.ts`)) as { handler?: unknown };
  if (typeof module.handler !== "function") throw new Error(`${route.handler}.ts does not export a handler function`);
  return module.handler as LambdaHandler;
}

/** Every declared route's handler, by route id (as the unit and security suites call them). */
export async function loadRouteHandlers(): Promise<Map<string, LambdaHandler>> {
  const handlers = new Map<string, LambdaHandler>();
  for (const route of routeList) handlers.set(route.id, await loadHandler(route));
  return handlers;
}
