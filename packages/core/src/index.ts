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
export type { RoutePermission } from "./routes/route-spec";
export * as schemas from "./schemas";
export { endpoint, type EndpointInput, type EndpointOutput } from "./http/endpoint";
export { answer, Answer } from "./http/answer";
export { ApiError } from "./http/api-error";
export type { ApiEvent, ApiResult } from "./http/api-event";
export { bucketNameProblem, BUCKET_NAME_RULE_SETS, type BucketNameRules } from "./bucket-name-rules";
export { PERMISSIONS, DEFAULT_SCOPES, scopePermissions, withImplied, type Permission, type ScopeNames } from "./permissions";
export * from "./tenants";
export {
  accessPolicy,
  useAccessPolicy,
  parsePolicy,
  readPolicyFile,
  PolicyError,
  CallerAccess,
  NO_POLICY,
  NO_RULE,
  type AccessPolicy,
  type PolicyRule,
  type EffectiveGrant,
  type Decision,
} from "./access";
export * from "./store";
export {
  tokenVerifier,
  useTokenVerifier,
  createTokenVerifier,
  rememberVerifiedTokens,
  RefreshingJwksCache,
  MAX_REMEMBERED_TOKENS,
  type Principal,
  type TokenVerifier,
  type KeysState,
} from "./auth";
export {
  authSettings,
  s3Settings,
  s3Tuning,
  tenantSources,
  tokenRules,
  aclSettings,
  bucketNameRules,
  ConfigError,
  DEFAULT_TOKEN_RULES,
  type AuthSettings,
  type S3Settings,
  type TokenRules,
} from "./config";
export { logger } from "./log";
