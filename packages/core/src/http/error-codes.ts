import type { OperationSpec } from "../routes/route-spec";

/**
 * Every machine `code` the API answers with, declared once: its HTTP status, when it is answered,
 * and which operations' handlers can answer it. ApiError's type checks each code and its status
 * against this table, the OpenAPI document's `ErrorResponse.code` enum and each response's list of
 * codes are generated from it, and the tests prove every code reachable and the README's error table
 * equal to it. Handlers import only its type, so the texts stay out of function bundles.
 */
export interface ErrorCodeSpec {
  readonly status: number;
  /** When it is answered; the README and the OpenAPI document say the same. */
  readonly when: string;
  /** The operations whose handler can answer it; absent: answered outside the operations (`elsewhere`). */
  readonly operations?: (route: OperationSpec) => boolean;
  /** Who else answers it: the documentation routes or the server in front of the handlers. */
  readonly elsewhere?: string;
}

const every = () => true;
const withBody = (route: OperationSpec) => route.body !== undefined;
/** Operations that name a bucket (the access policy decides on it). */
const onBucket = (route: OperationSpec) => route.bucket !== undefined;
/** Operations on a bucket that must exist already (create is the one that makes one). */
const onExistingBucket = (route: OperationSpec) => route.bucket === "path";
/** Operations that call the storage backend: all but the caller's own information. */
const callsBackend = (route: OperationSpec) => route.permission !== "authenticated";
const only =
  (...ids: string[]) =>
  (route: OperationSpec) =>
    ids.includes(route.id);

export const ERROR_CODES = {
  ValidationError: {
    status: 400,
    when: "A path parameter, query parameter or body field is invalid, unknown, missing or given twice, or a body was sent to an operation that takes none; `detail` names it and says why",
    operations: every,
    elsewhere: "the documentation routes (a request body) and the local server (a path that is not valid percent-encoding)",
  },
  MalformedJson: { status: 400, when: "The request body is not well-formed JSON", operations: withBody },
  MissingBody: { status: 400, when: "The operation needs a JSON body and none was sent", operations: withBody },
  InvalidBucketName: {
    status: 400,
    when: "The storage backend refused a bucket name that passed the API's naming rules (e.g. `BUCKET_NAME_RULES=s3` in front of HCP)",
    operations: (route) => onBucket(route) && callsBackend(route),
  },
  InvalidArgument: {
    status: 400,
    when: "The storage backend refused the request as invalid (e.g. an ACL grantee it cannot resolve)",
    operations: callsBackend,
  },
  AclOwnerMismatch: { status: 400, when: "The ACL policy names an owner other than the bucket's", operations: only("setAcl") },
  Unauthorized: {
    status: 401,
    when: "The bearer token is missing, malformed, expired or not yet valid, not from the trusted issuer for this API, signed by an unknown key, or has no `sub`; `WWW-Authenticate` says which",
    operations: every,
  },
  InsufficientScope: {
    status: 403,
    when: "The token lacks the scope the operation needs; `detail` names the scopes that grant it",
    operations: (route) => route.permission !== "authenticated",
  },
  UnknownTenant: { status: 403, when: "The token names no tenant, or one this deployment does not serve", operations: every },
  BucketAccessDenied: {
    status: 403,
    when: "The deployment's access policy does not grant the caller this permission on the bucket (decided before the backend is asked, the same whether the bucket exists or not)",
    operations: onBucket,
  },
  PublicAclBlocked: {
    status: 403,
    when: "The ACL would grant everyone (AllUsers, AuthenticatedUsers) access, which the deployment blocks (`ALLOW_PUBLIC_ACL`)",
    operations: only("setAcl"),
  },
  AccessDenied: { status: 403, when: "The storage backend denied access", operations: callsBackend },
  NoSuchBucket: { status: 404, when: "The bucket does not exist", operations: onExistingBucket },
  NotFound: { status: 404, when: "No such documentation asset", elsewhere: "the documentation routes" },
  RouteNotFound: {
    status: 404,
    when: "No route has this path (the local server; API Gateway answers `{\"message\": \"Not Found\"}` itself)",
    elsewhere: "the local server",
  },
  MethodNotAllowed: {
    status: 405,
    when: "The path exists, but not with this method; `Allow` lists the methods it has (the local server; API Gateway answers 404 `{\"message\": \"Not Found\"}` itself)",
    elsewhere: "the local server",
  },
  BucketAlreadyExists: { status: 409, when: "A bucket with this name exists and belongs to someone else", operations: only("createBucket") },
  BucketAlreadyOwnedByYou: { status: 409, when: "A bucket with this name exists already and is yours", operations: only("createBucket") },
  BucketNotEmpty: {
    status: 409,
    when:
      "The bucket still holds objects, versions or delete markers; with `force=true`, `detail` names the versions that could not be deleted (retention, legal hold, permission), or says HCP still keeps deletion records although nothing is listed",
    operations: only("deleteBucket"),
  },
  PayloadTooLarge: {
    status: 413,
    when: "The request body is larger than the operation takes (64 KiB of JSON)",
    operations: withBody,
    elsewhere: "the local server, for bodies over API Gateway's 10 MB",
  },
  UnsupportedMediaType: { status: 415, when: "The request body was not sent with `Content-Type: application/json`", operations: withBody },
  InternalError: { status: 500, when: "The API itself failed; nothing about the request is wrong", operations: every, elsewhere: "the local server" },
  ServerMisconfigured: {
    status: 500,
    when: "The deployment's configuration (token issuer, tenants, access policy, bucket name rules) is missing or invalid",
    operations: every,
  },
  DocsAssetsMissing: { status: 500, when: "The documentation assets were not installed with the function", elsewhere: "the documentation routes" },
  Unreachable: { status: 502, when: "The storage backend is unreachable", operations: callsBackend },
  BackendError: { status: 502, when: "The storage backend answered unexpectedly (never its raw XML)", operations: callsBackend },
  SlowDown: { status: 503, when: "The storage backend is throttling requests; retry after `Retry-After` seconds", operations: callsBackend },
  ServiceUnavailable: {
    status: 503,
    when: "The storage backend is unavailable after bounded retries; retry after `Retry-After` seconds",
    operations: callsBackend,
  },
  Timeout: { status: 504, when: "The storage backend did not answer within the time budget", operations: callsBackend },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The HTTP status a code is always answered with. */
export type StatusOf<C extends ErrorCode> = (typeof ERROR_CODES)[C]["status"];

export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];

/** The codes the handler of `route` can answer with, in table order. */
export function errorCodesOf(route: OperationSpec): ErrorCode[] {
  return ERROR_CODE_NAMES.filter((code) => {
    const spec: ErrorCodeSpec = ERROR_CODES[code];
    return spec.operations?.(route) ?? false;
  });
}
