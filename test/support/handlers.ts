import type { RouteSpec } from "@rahcp/core";

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

/** Imports the handler a route declares (packages/functions/src/<handler>.ts); fails if it is missing. */
export async function loadHandler(route: Pick<RouteSpec, "handler">): Promise<LambdaHandler> {
  const module = (await import(`../../packages/functions/src/${route.handler}.ts`)) as { handler?: unknown };
  if (typeof module.handler !== "function") throw new Error(`${route.handler}.ts does not export a handler function`);
  return module.handler as LambdaHandler;
}
