import middy from "@middy/core";
import httpSecurityHeaders from "@middy/http-security-headers";
import type * as z from "zod/mini";
import type { Principal } from "../auth/token-verifier";
import type { RouteSpec } from "../routes";
import { bucketStore, type BucketStore } from "../store";
import type { ApiEvent, ApiResult } from "./api-event";
import { auditLog } from "./audit-log";
import { authenticate } from "./authenticate";
import { errorResponse } from "./error-response";
import { jsonBody } from "./json-body";
import { emptyResponse, jsonResponse, requestIdOf } from "./responses";
import { validateRequest } from "./validate-request";

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface EndpointInput<R extends RouteSpec> {
  params: Parsed<R["params"]>;
  query: Parsed<R["query"]>;
  body: Parsed<R["body"]>;
  principal: Principal;
  store: BucketStore;
  requestId: string;
}

export type EndpointOutput<R extends RouteSpec> = R["response"] extends z.ZodMiniType ? z.input<R["response"]> : void;

/**
 * Builds the Lambda handler for one declared route: security headers, JSON errors,
 * JWT + scope check, body parsing and validation, then `run` with typed input.
 */
export function endpoint<R extends RouteSpec>(
  route: R,
  run: (input: EndpointInput<NoInfer<R>>) => Promise<EndpointOutput<NoInfer<R>>>,
) {
  const store = bucketStore();
  const chain = middy<ApiEvent, ApiResult>().use(httpSecurityHeaders());
  if (route.audit) chain.use(auditLog(route));
  chain.use(errorResponse()).use(authenticate(route.permission));
  if (route.body) chain.use(jsonBody());
  chain.use(validateRequest(route));
  return chain.handler(async (event) => {
    const requestId = requestIdOf(event);
    const input = event.input!;
    const output = await run({
      params: input.params as Parsed<R["params"]>,
      query: input.query as Parsed<R["query"]>,
      body: input.body as Parsed<R["body"]>,
      principal: event.principal!,
      store,
      requestId,
    });
    return route.response ? jsonResponse(route.successStatus, output, requestId) : emptyResponse(route.successStatus, requestId);
  });
}
