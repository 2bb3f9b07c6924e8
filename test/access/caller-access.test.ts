import { describe, expect, it } from "vitest";
import { CallerAccess, NO_POLICY, NO_RULE, parsePolicy, type Permission, type Principal } from "@rahcp/core";
import { withImplied } from "@rahcp/core/permissions";

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  sub: "alice",
  scopes: new Set(),
  groups: ["team-a"],
  clientId: undefined,
  tenantClaim: "archive",
  expiresAt: Date.now() + 60_000,
  ...overrides,
});

const policy = parsePolicy(
  {
    rules: [
      { id: "admins", who: { group: "archive-admins" }, tenant: "*", buckets: ["*"], allow: ["admin"] },
      { id: "team-a-rw", who: { group: "team-a" }, tenant: "archive", buckets: ["team-a-*"], allow: ["write"] },
      { id: "shared-ro", who: { group: "team-a" }, tenant: "archive", buckets: ["shared-???"], allow: ["read"] },
      { id: "alice-research", who: { sub: "alice" }, tenant: "research", buckets: ["alice-*"], allow: ["read"] },
      { id: "pipeline", who: { client: "argo-pipeline" }, tenant: "archive", buckets: ["ingest-*"], allow: ["write"] },
    ],
  },
  "test.yaml",
);

const access = (scopes: Permission[], who: Partial<Principal> = {}, tenant = "archive", withPolicy = true) =>
  new CallerAccess(principal(who), tenant, withImplied(scopes), withPolicy ? policy : undefined);

describe("CallerAccess: scopes ∩ policy, for the request's tenant", () => {
  it("grants what a rule allows on a matching bucket, naming the rule; write implies read", () => {
    const a = access(["write"]);
    expect(a.decide("write", "team-a-raw")).toEqual({ allowed: true, rule: "team-a-rw" });
    expect(a.decide("read", "team-a-raw")).toEqual({ allowed: true, rule: "team-a-rw" });
    expect(a.decide("admin", "team-a-raw")).toEqual({ allowed: false, rule: NO_RULE });
    expect(a.decide("read", "shared-001")).toEqual({ allowed: true, rule: "shared-ro" });
    expect(a.decide("write", "shared-001")).toEqual({ allowed: false, rule: NO_RULE });
    expect(a.decide("read", "team-b-raw")).toEqual({ allowed: false, rule: NO_RULE });
  });

  it("never grants more than the token's scopes, whatever the policy allows", () => {
    const reader = access(["read"]);
    expect(reader.decide("read", "team-a-raw").allowed).toBe(true);
    expect(reader.decide("write", "team-a-raw")).toEqual({ allowed: false, rule: NO_RULE });
    const admin = access(["read"], { groups: ["archive-admins"] });
    expect(admin.decide("admin", "anything")).toEqual({ allowed: false, rule: NO_RULE });
    expect(access([], { groups: ["archive-admins"] }).decide("read", "anything").allowed).toBe(false);
  });

  it("applies only rules of the request's tenant (or '*')", () => {
    expect(access(["write"], {}, "research").decide("read", "team-a-raw").allowed).toBe(false);
    expect(access(["read"], {}, "research").decide("read", "alice-notes")).toEqual({ allowed: true, rule: "alice-research" });
    expect(access(["admin"], { groups: ["archive-admins"] }, "research").decide("admin", "x")).toEqual({ allowed: true, rule: "admins" });
  });

  it("matches callers by group, subject or client", () => {
    expect(access(["write"], { groups: [], sub: "bob", clientId: "argo-pipeline" }).decide("write", "ingest-2026")).toEqual({ allowed: true, rule: "pipeline" });
    expect(access(["write"], { groups: [], sub: "bob" }).decide("write", "ingest-2026").allowed).toBe(false);
    expect(access(["read"], { groups: ["Team-A"], sub: "bob" }).decide("read", "team-a-raw").allowed).toBe(false); // exact match only
  });

  it("the first granting rule in document order is the one named", () => {
    const both = access(["admin"], { groups: ["team-a", "archive-admins"] });
    expect(both.decide("read", "team-a-raw").rule).toBe("admins");
  });

  it("without a policy the scopes alone decide, on every bucket", () => {
    const a = access(["write"], {}, "archive", false);
    expect(a.hasPolicy).toBe(false);
    expect(a.decide("write", "any-bucket")).toEqual({ allowed: true, rule: NO_POLICY });
    expect(a.decide("admin", "any-bucket")).toEqual({ allowed: false, rule: NO_POLICY });
    expect(a.readable(["b", "a"])).toEqual(["b", "a"]);
    expect(a.grants()).toEqual([{ tenant: "archive", buckets: ["*"], allow: ["read", "write"], rule: null }]);
  });

  it("filters a listing to the names the caller may read, keeping their order", () => {
    const names = ["shared-001", "team-a-raw", "team-b-raw", "shared-0001", "team-a-"];
    expect(access(["read"]).readable(names)).toEqual(["shared-001", "team-a-raw", "team-a-"]);
    expect(access([]).readable(names)).toEqual([]);
  });

  it("lists the effective grants narrowed to the scopes, with their rules", () => {
    expect(access(["read"]).grants()).toEqual([
      { tenant: "archive", buckets: ["team-a-*"], allow: ["read"], rule: "team-a-rw" },
      { tenant: "archive", buckets: ["shared-???"], allow: ["read"], rule: "shared-ro" },
    ]);
    expect(access([], { groups: ["archive-admins"] }).grants()).toEqual([]);
  });
});
