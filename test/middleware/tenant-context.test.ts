import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, parsePolicy, useAccessPolicy, useTenantDirectory, type ApiEvent, type Principal } from "@rahcp/core";
import { tenantContext } from "@rahcp/core/http/tenant-context";
import { apiEvent } from "../../kit/events";
import { withMiddleware } from "../support/middleware";
import { useMockedTenants } from "../support/tenants";
import { createTestIssuer, trustTestIssuer } from "../support/tokens";

/** tenantContext on its own: the caller's tenant, its store and what the caller may do there. */

const principal = (tenantClaim: unknown, scopes = ["buckets:read"]): Principal => ({
  sub: "alice",
  scopes: new Set(scopes),
  groups: ["team-a"],
  clientId: undefined,
  tenantClaim,
  expiresAt: Date.now() + 60_000,
});

async function resolve(who: Principal) {
  const event = apiEvent({ method: "GET", routePath: "/api/v1/buckets" }) as ApiEvent;
  event.principal = who; // as authenticate leaves it
  const error = await withMiddleware([tenantContext()])(event).then(
    () => undefined,
    (e: unknown) => e as ApiError,
  );
  return { caller: event.caller, error };
}

beforeAll(async () => trustTestIssuer(await createTestIssuer()));
beforeEach(() => {
  useMockedTenants("archive", "research");
  useAccessPolicy(undefined);
});
afterEach(() => vi.unstubAllEnvs());

describe("tenantContext", () => {
  it("resolves the token's tenant claim to that tenant's store, with the scopes' permissions", async () => {
    const { caller, error } = await resolve(principal("research", ["buckets:write"]));
    expect(error).toBeUndefined();
    expect(caller?.tenant).toBe("research");
    expect(typeof caller?.store.listBuckets).toBe("function");
    expect([...(caller?.access.scopePermissions ?? [])].sort()).toEqual(["read", "write"]);
    expect(caller?.access.hasPolicy).toBe(false);
  });

  it("gives each tenant its own store", async () => {
    const archive = (await resolve(principal("archive"))).caller?.store;
    const research = (await resolve(principal("research"))).caller?.store;
    expect(archive).toBeDefined();
    expect(archive).not.toBe(research);
  });

  it("refuses a tenant the API does not serve, and a missing claim when it serves several: 403 UnknownTenant", async () => {
    expect((await resolve(principal("elsewhere"))).error).toMatchObject({ status: 403, code: "UnknownTenant", detail: "The token's 'tenant' claim names no tenant this API serves" });
    expect((await resolve(principal(undefined))).error?.detail).toMatch(/has no 'tenant' claim, and this API serves several tenants/);
  });

  it("uses the one tenant for a token without the claim", async () => {
    useMockedTenants("solo");
    expect((await resolve(principal(undefined))).caller?.tenant).toBe("solo");
  });

  it("hands the access policy to the caller's access", async () => {
    useAccessPolicy(parsePolicy({ rules: [{ id: "r", who: { group: "team-a" }, tenant: "archive", buckets: ["team-a-*"], allow: ["read"] }] }, "tenant-context-test.yaml"));
    const { caller } = await resolve(principal("archive"));
    expect(caller?.access.hasPolicy).toBe(true);
    expect(caller?.access.decide("read", "team-a-x").allowed).toBe(true);
    expect(caller?.access.decide("read", "team-b-x").allowed).toBe(false);
  });

  it("answers 500 ServerMisconfigured, never a fallback, when no tenant is configured", async () => {
    for (const name of ["HCP_ENDPOINT", "HCP_ACCESS_KEY_ID", "HCP_SECRET_ACCESS_KEY", "HCP_TENANTS"]) vi.stubEnv(name, undefined);
    useTenantDirectory(undefined);
    const { caller, error } = await resolve(principal("archive"));
    expect(error).toMatchObject({ status: 500, code: "ServerMisconfigured", detail: "The API's HCP tenant configuration is not configured correctly" });
    expect(caller).toBeUndefined();
  });
});
