export {
  routes,
  routeList,
  publicRoutes,
  httpRoutes,
  type RouteSpec,
  type OperationSpec,
  type PublicRouteSpec,
  type HttpRoute,
  type RouteId,
  type HttpMethod,
} from "./routes";
export * as schemas from "./schemas";
export { endpoint, type EndpointInput, type EndpointOutput } from "./http/endpoint";
export { ApiError } from "./http/api-error";
export type { ApiEvent, ApiResult } from "./http/api-event";
export { bucketNameProblem } from "./bucket-name";
export { PERMISSIONS, DEFAULT_SCOPES, type Permission, type ScopeNames } from "./permissions";
export * from "./store";
export { tokenVerifier, useTokenVerifier, createTokenVerifier, rememberVerifiedTokens, MAX_REMEMBERED_TOKENS, type Principal, type TokenVerifier } from "./auth";
export { authSettings, s3Settings, ConfigError, type AuthSettings, type S3Settings } from "./config";
export { logger } from "./log";
