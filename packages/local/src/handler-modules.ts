import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { HttpRoute } from "@rahcp/core";
import { FUNCTION_TIMEOUT_MS } from "@rahcp/core/settings/deadlines";

/** A Lambda handler for an HTTP API route, as exported by the function modules. */
export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

export type HandlerLoader = (route: HttpRoute) => Promise<LambdaHttpHandler>;


const loaded = new Map<string, Promise<LambdaHttpHandler>>();

/**
 * Imports the very module Lambda runs for the route (packages/functions/src/<handler>.ts),
 * once per process like a warm container.
 */
export const importFunctionHandler: HandlerLoader = (route) => {
  let pending = loaded.get(route.handler);
  if (!pending) {
    pending = (async () => {
      const module = (await import(`@rahcp/functions/src/${route.handler}`)) as { handler?: unknown };
      if (typeof module.handler !== "function") {
        throw new Error(`@rahcp/functions/src/${route.handler} does not export a handler function`);
      }
      return module.handler as LambdaHttpHandler;
    })();
    pending.catch(() => loaded.delete(route.handler)); // a failed import is retried on the next request
    loaded.set(route.handler, pending);
  }
  return pending;
};

/**
 * The Lambda context a handler receives. Its deadline is the deployed function's timeout, so a
 * handler spends its time here as it would on Lambda (a force delete's batches, its answer margin).
 */
export function lambdaContext(route: HttpRoute, timeoutMs = FUNCTION_TIMEOUT_MS): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = `rahcp-local-${route.handler}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
