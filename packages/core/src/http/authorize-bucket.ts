import type { MiddlewareObj } from "@middy/core";
import type { OperationSpec } from "../routes/route-spec";
import { ApiError } from "./api-error";
import type { ApiEvent } from "./api-event";

/** The validated bucket name the route names in its path or body. */
function targetOf(route: OperationSpec, event: ApiEvent): string {
  const source = route.bucket === "body" ? event.input?.body : event.input?.params;
  const bucket = (source as { bucket?: unknown } | undefined)?.bucket;
  if (typeof bucket !== "string") throw new Error(`route ${route.id} declares a ${route.bucket} bucket but none was validated`);
  return bucket;
}

/**
 * After validation, before any backend call: the access policy's decision on the route's bucket.
 * A bucket outside the caller's grants is refused the same way whether it exists or not.
 */
export function authorizeBucket(route: OperationSpec): MiddlewareObj<ApiEvent> {
  const permission = route.permission;
  if (permission === "authenticated" || route.bucket === undefined) throw new Error(`route ${route.id} has no bucket permission to authorize`);
  return {
    before: ({ event }) => {
      const bucket = targetOf(route, event);
      const { access, tenant } = event.caller!;
      const decision = access.decide(permission, bucket);
      event.decision = decision;
      if (!decision.allowed) {
        throw new ApiError(403, "BucketAccessDenied", `'${permission}' is not granted on bucket '${bucket}' in tenant '${tenant}'`);
      }
    },
  };
}
