import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { ApiEvent, ApiResult } from "@rahcp/core";
import { lambdaContext } from "../../kit/events";

type Middleware = MiddlewareObj<ApiEvent, ApiResult> | MiddlewareObj<ApiEvent, ApiResult>[];
type Base = (event: ApiEvent) => Promise<ApiResult>;

const ok: Base = async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: "{}" });

/**
 * A handler made of `base` and only the middlewares given, in that order (as middy tests its own
 * middlewares): what one middleware does on its own, without the rest of the endpoint's chain.
 */
export function withMiddleware(middlewares: readonly Middleware[], base: Base = ok): (event: ApiEvent | APIGatewayProxyEventV2) => Promise<ApiResult> {
  const chain = middy<ApiEvent, ApiResult>();
  for (const middleware of middlewares) chain.use(middleware);
  const handler = chain.handler((event) => base(event));
  return (event) => handler(event as ApiEvent, lambdaContext());
}
