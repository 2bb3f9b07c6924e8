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
  policyFile,
  ConfigError,
} from "./config";
export type { Env, Parsed, DeployChecks } from "./settings/env";
export { parseAuthSettings, parseTokenRules, parseDocsSettings, DEFAULT_TOKEN_RULES, type AuthSettings, type TokenRules } from "./settings/auth";
export { parseS3Settings, S3_DEFAULTS, type S3Settings } from "./settings/s3";
export {
  parseAclSettings,
  parseBucketNameRules,
  parseForceDeleteSettings,
  DEFAULT_ACL_SETTINGS,
  DEFAULT_BUCKET_NAME_RULES,
  type AclSettings,
  type ForceDeleteSettings,
} from "./settings/buckets";
export { parsePolicySettings } from "./settings/policy";
export { parseFunctionSettings, type FunctionSettings } from "./settings/function-settings";
export { API_GATEWAY_TIMEOUT_MS, FUNCTION_TIMEOUT_MS, ANSWER_MARGIN_MS } from "./settings/deadlines";
export { logger } from "./log";
