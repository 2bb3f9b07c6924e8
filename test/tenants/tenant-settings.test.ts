import { describe, expect, it } from "vitest";
import { parseTenantConnections, resolveTenant, S3TenantDirectory, s3Tuning, type TenantDirectory } from "@rahcp/core";

const connection = { endpoint: "https://archive.hcp.example.com", accessKeyId: "YXJjaGl2ZQ==", secretAccessKey: "5f4dcc3b5aa765d61d8327deb882cf99" };

describe("tenant settings", () => {
  it("reads HcpTenants JSON: one connection per tenant", () => {
    const parsed = parseTenantConnections({ tenantsJson: JSON.stringify({ archive: connection, research: { ...connection, endpoint: "https://research.hcp.example.com", region: "eu-1" } }) });
    expect(parsed.ok && [...parsed.value]).toEqual([
      ["archive", connection],
      ["research", { ...connection, endpoint: "https://research.hcp.example.com", region: "eu-1" }],
    ]);
  });

  it("keeps the three single-tenant secrets valid, as tenant 'default'", () => {
    const parsed = parseTenantConnections({ endpoint: connection.endpoint, accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey });
    expect(parsed.ok && [...parsed.value]).toEqual([["default", connection]]);
  });

  it("is empty when neither form is set (the caller decides: deployed 500, locally the embedded store)", () => {
    expect(parseTenantConnections({})).toEqual({ ok: true, value: new Map() });
  });

  it.each([
    ["both forms", { tenantsJson: JSON.stringify({ archive: connection }), endpoint: connection.endpoint }, /set either HcpTenants \(HCP_TENANTS\) or HcpEndpoint/],
    ["invalid JSON", { tenantsJson: "{archive:" }, /HcpTenants \(HCP_TENANTS\) is not valid JSON/],
    ["an empty object", { tenantsJson: "{}" }, /at least one tenant/],
    ["a bad tenant name", { tenantsJson: JSON.stringify({ Archive_1: connection }) }, /tenant 'Archive_1': the name is not a tenant name/],
    ["a missing key", { tenantsJson: JSON.stringify({ archive: { endpoint: connection.endpoint, accessKeyId: "x" } }) }, /tenant 'archive': secretAccessKey must be a non-empty string/],
    ["an unknown field", { tenantsJson: JSON.stringify({ archive: { ...connection, password: "p" } }) }, /tenant 'archive': unknown field 'password'/],
    ["an endpoint with a path", { tenantsJson: JSON.stringify({ archive: { ...connection, endpoint: "https://hcp.example.com/archive" } }) }, /endpoint must be the tenant's S3 endpoint without a path/],
    ["an incomplete trio", { endpoint: connection.endpoint, accessKeyId: "x" }, /missing: HcpSecretAccessKey/],
    ["a trio endpoint that is no URL", { endpoint: "archive.hcp", accessKeyId: "x", secretAccessKey: "y" }, /HcpEndpoint \(HCP_ENDPOINT\) is not a URL/],
  ])("refuses %s, naming the setting", (_name, sources, problem) => {
    const parsed = parseTenantConnections(sources);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.join("; ")).toMatch(problem);
  });

  it("never quotes a key or a secret in a problem", () => {
    const secret = "s3cr3t-value-that-must-not-leak";
    const parsed = parseTenantConnections({ tenantsJson: JSON.stringify({ archive: { ...connection, secretAccessKey: secret, accessKeyId: 7, endpoint: `ftp://${secret}` } }) });
    expect(!parsed.ok && parsed.problems.join()).not.toContain(secret);
  });
});

describe("the request's tenant", () => {
  const two: TenantDirectory = new S3TenantDirectory(new Map([["archive", connection], ["research", connection]]), s3Tuning());
  const one: TenantDirectory = new S3TenantDirectory(new Map([["archive", connection]]), s3Tuning());
  const any: TenantDirectory = { description: "embedded", tenants: "any", implicitTenant: "default", storeFor: () => { throw new Error("unused"); } };

  it("is the claim when it names a served tenant", () => {
    expect(resolveTenant("research", two, "tenant")).toEqual({ ok: true, tenant: "research" });
    expect(resolveTenant("anything-valid", any, "tenant")).toEqual({ ok: true, tenant: "anything-valid" });
  });

  it("without the claim: the only tenant, never a guess among several", () => {
    expect(resolveTenant(undefined, one, "tenant")).toEqual({ ok: true, tenant: "archive" });
    expect(resolveTenant(undefined, any, "tenant")).toEqual({ ok: true, tenant: "default" });
    expect(resolveTenant(undefined, two, "hcp_tenant")).toEqual({
      ok: false,
      detail: "The token has no 'hcp_tenant' claim, and this API serves several tenants: the claim must name one",
    });
  });

  it.each([["an unknown tenant", "finance"], ["another case", "Archive"], ["a list", ["archive"]], ["a number", 7], ["an empty string", ""]])(
    "refuses %s, naming the claim, and never falls back to another tenant",
    (_name, claim) => {
      for (const directory of [one, two]) expect(resolveTenant(claim, directory, "tenant")).toEqual({ ok: false, detail: "The token's 'tenant' claim names no tenant this API serves" });
    },
  );

  it("keeps one S3 client per tenant, created on first use", () => {
    const directory = new S3TenantDirectory(new Map([["archive", connection], ["research", connection]]), s3Tuning());
    const first = directory.storeFor("archive");
    expect(directory.storeFor("archive")).toBe(first);
    expect(directory.storeFor("research")).not.toBe(first);
    directory.destroy();
  });
});
