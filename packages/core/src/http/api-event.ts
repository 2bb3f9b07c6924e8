import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Principal } from "../auth/token-verifier";

/** The API Gateway (payload 2.0) event as it leaves the middleware chain. */
export interface ApiEvent extends Omit<APIGatewayProxyEventV2, "body"> {
  body?: unknown;
  /** Set by `authenticate`. */
  principal?: Principal;
  /** Set by `validateRequest`. */
  input?: { params: unknown; query: unknown; body: unknown };
}

export type ApiResult = APIGatewayProxyStructuredResultV2;
