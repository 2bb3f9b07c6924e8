import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { CallerAccess, Decision } from "../access/caller-access";
import type { Principal } from "../auth/token-verifier";
import type { BucketStore } from "../store/bucket-store";

/** The API Gateway (payload 2.0) event as it leaves the middleware chain. */
export interface ApiEvent extends Omit<APIGatewayProxyEventV2, "body"> {
  body?: unknown;
  /** Set by `authenticate`. */
  principal?: Principal;
  /** Set by `tenantContext`: the request's tenant, its store and what the caller may do there. */
  caller?: { tenant: string; store: BucketStore; access: CallerAccess };
  /** Set by `authorizeBucket`: the policy's decision on the target bucket. */
  decision?: Decision;
  /** Set by `validateRequest`. */
  input?: { params: unknown; query: unknown; body: unknown };
}

export type ApiResult = APIGatewayProxyStructuredResultV2;
