import type { MiddlewareObj } from "@middy/core";
import { accessPolicy } from "../access";
import { CallerAccess } from "../access/caller-access";
import { tokenVerifier } from "../auth";
import { ConfigError } from "../config";
import { scopePermissions } from "../permissions";
import { resolveTenant, tenantDirectory, type TenantDirectory } from "../tenants";
import { ApiError } from "./api-error";
import type { ApiEvent } from "./api-event";

function configured<T>(read: () => T, what: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ApiError(500, "ServerMisconfigured", `The API's ${what} is not configured correctly`, {}, { cause: error });
    }
    throw error;
  }
}

/**
 * After `authenticate`: the request's tenant (from the token's tenant claim), that tenant's store,
 * and what the caller may do there (scopes ∩ access policy). Decided before any backend call; an
 * unknown tenant is refused, a missing or broken configuration answers 500, never a fallback.
 */
export function tenantContext(): MiddlewareObj<ApiEvent> {
  return {
    before: async ({ event }) => {
      const principal = event.principal!;
      const { settings } = tokenVerifier();
      const directory: TenantDirectory = configured(tenantDirectory, "HCP tenant configuration");
      const policy = configured(accessPolicy, "access policy");
      const resolved = resolveTenant(principal.tenantClaim, directory, settings.tenantClaim);
      if (!resolved.ok) throw new ApiError(403, "UnknownTenant", resolved.detail);
      const access = new CallerAccess(principal, resolved.tenant, scopePermissions(principal.scopes, settings.scopes), policy);
      event.caller = { tenant: resolved.tenant, store: await directory.storeFor(resolved.tenant), access };
    },
  };
}
