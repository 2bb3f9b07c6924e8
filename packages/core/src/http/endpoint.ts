import middy from "@middy/core";
import type * as z from "zod/mini";
import { tokenVerifier } from "../auth";
import type { Principal } from "../auth/token-verifier";
import type { OperationSpec, RouteId, Routes } from "../routes";
import type { CallerAccess } from "../access/caller-access";
import type { BucketStore } from "../store";
import type { ApiEvent, ApiResult } from "./api-event";
import { auditLog } from "./audit-log";
import { authenticate } from "./authenticate";
import { authorizeBucket } from "./authorize-bucket";
import { errorResponse } from "./error-response";
import { jsonBody, refuseBody } from "./json-body";
import { logContext } from "./log-context";
import { Answer } from "./answer";
import { emptyResponse, jsonResponse, requestIdOf } from "./responses";
import { securityHeaders } from "./security-headers";
import { tenantContext } from "./tenant-context";
import { validateRequest } from "./validate-request";

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface EndpointInput<R extends OperationSpec> {
  params: Parsed<R["params"]>;
  query: Parsed<R["query"]>;
  body: Parsed<R["body"]>;
  principal: Principal;
  /** The request's tenant, resolved from the token. */
  tenant: string;
  /** That tenant's store. */
  store: BucketStore;
  /** What the caller may do in that tenant (scopes ∩ access policy). */
  access: CallerAccess;
  requestId: string;
  /** Milliseconds before Lambda ends the invocation. */
  remainingTimeMs(): number;
  /** Fields for the request's audit line (mutations only), e.g. how much a force delete removed. */
  audit(fields: Record<string, string | number | boolean>): void;
}

type OtherAnswers<Id extends RouteId> = Routes[Id] extends { otherResponses: infer O }
  ? { [S in keyof O]: O[S] extends z.ZodMiniType ? Answer<z.input<O[S]>> : never }[keyof O]
  : never;

/** What `run` returns: the body of the response schema declared for the route in routes/index.ts, or one of its other answers. */
export type EndpointOutput<R extends OperationSpec> = R["id"] extends RouteId
  ? (Routes[R["id"]]["response"] extends z.ZodMiniType ? z.input<Routes[R["id"]]["response"]> : void) | OtherAnswers<R["id"]>
  : never;

/**
 * Starts the JWKS download while the container initialises (aws-jwt-verify's hydrate), so the first
 * request finds the keys on their way or cached. A failure is left to that request, which fetches
 * again and answers 401/500 as usual.
 */
function prefetchSigningKeys(): void {
  try {
    tokenVerifier().verifier.warm().catch(() => undefined);
  } catch {
    // Issuer not configured: every request answers 500 ServerMisconfigured.
  }
}

/**
 * Builds the Lambda handler for one declared route: log context, security headers, audit line,
 * JSON errors, JWT + scope check, tenant and access policy, body parsing and validation, the
 * policy's decision on the route's bucket, then `run` with typed input. The store is the
 * request's tenant's, resolved per request.
 */
export function endpoint<R extends OperationSpec>(
  route: R,
  run: (input: EndpointInput<NoInfer<R>>) => Promise<EndpointOutput<NoInfer<R>>>,
) {
  prefetchSigningKeys();
  // CORS is API Gateway's (infra/api-routes.ts apiCors): it answers preflights and adds the headers.
  const chain = middy<ApiEvent, ApiResult>().use(logContext()).use(securityHeaders());
  if (route.audit || route.flag) chain.use(auditLog(route));
  chain.use(errorResponse()).use(authenticate(route)).use(tenantContext());
  chain.use(route.body ? jsonBody() : refuseBody(route));
  chain.use(validateRequest(route));
  if (route.bucket) chain.use(authorizeBucket(route));
  return chain.handler(async (event, context) => {
    const requestId = requestIdOf(event);
    const input = event.input!;
    const caller = event.caller!;
    const output = await run({
      params: input.params as Parsed<R["params"]>,
      query: input.query as Parsed<R["query"]>,
      body: input.body as Parsed<R["body"]>,
      principal: event.principal!,
      tenant: caller.tenant,
      store: caller.store,
      access: caller.access,
      requestId,
      remainingTimeMs: () => context.getRemainingTimeInMillis(),
      audit: (fields) => void (event.auditFields = { ...event.auditFields, ...fields }),
    });
    if (output instanceof Answer) return jsonResponse(output.status, output.body, requestId);
    return route.method === "HEAD" ? emptyResponse(route.successStatus, requestId) : jsonResponse(route.successStatus, output, requestId);
  });
}
