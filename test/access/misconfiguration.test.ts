import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { routes, useAccessPolicy, useTenantDirectory, type RouteSpec } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadRouteHandlers, type LambdaHandler } from "../support/handlers";
import { useMockedTenants } from "../support/tenants";
import { createTestIssuer, trustTestIssuer, type TestIssuer } from "../support/tokens";
import { caseOf, eventFor } from "../unit/route-cases";

// The logger reads its level when its module loads: error lines must be written (and captured) here.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
});

const s3 = mockClient(S3Client);
let handlers: Map<string, LambdaHandler>;
let issuer: TestIssuer;
let dir: string;

function send(route: RouteSpec, token: string) {
  return invoke(handlers.get(route.id), eventFor(route, token)).then((res) => ({ res }));
}

const teamA = (scope: string) => issuer.sign({ scope, groups: ["team-a"], tenant: "archive" });

beforeAll(async () => {
  issuer = await createTestIssuer();
  handlers = await loadRouteHandlers();
  dir = await mkdtemp(join(tmpdir(), "rahcp-misconfig-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(() => {
  trustTestIssuer(issuer);
  useMockedTenants("archive", "research");
  s3.reset();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("misconfiguration never fails open", () => {
  it("a policy file that does not validate: every request 500 ServerMisconfigured, the log names file and rule", async () => {
    const file = join(dir, "broken.json");
    await writeFile(file, JSON.stringify({ rules: [{ who: { group: "x" }, tenant: "*", buckets: ["*"], allow: ["everything"] }] }));
    vi.stubEnv("RAHCP_POLICY", file);
    useAccessPolicy("reset");
    const lines: string[] = [];
    const grab = ((chunk: unknown) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
    const spies = [vi.spyOn(process.stdout, "write").mockImplementation(grab), vi.spyOn(process.stderr, "write").mockImplementation(grab)];
    try {
      for (const route of [routes.listBuckets, routes.headBucket, routes.me]) {
        caseOf(route).succeed(s3);
        const { res } = await send(route, await issuer.sign({ groups: ["archive-admins"], tenant: "archive" }));
        expect(res.status, route.id).toBe(500);
        if (route.method !== "HEAD") expect(res.json).toMatchObject({ code: "ServerMisconfigured", detail: "The API's access policy is not configured correctly" });
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(s3.calls()).toHaveLength(0);
    const logged = lines.join("");
    expect(logged).toContain(file);
    expect(logged).toContain('rules[0]: allow[0] is \\"everything\\"');
  });

  it("no HCP tenant configured: 500 ServerMisconfigured, no S3 call, and the log says why", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation(((chunk: unknown) => lines.push(String(chunk)) > 0) as typeof process.stderr.write);
    useTenantDirectory(undefined);
    for (const name of ["HCP_TENANTS", "HCP_ENDPOINT", "HCP_ACCESS_KEY_ID", "HCP_SECRET_ACCESS_KEY"]) vi.stubEnv(name, "");
    caseOf(routes.listBuckets).succeed(s3);
    const { res } = await send(routes.listBuckets, await teamA("buckets:read"));
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ code: "ServerMisconfigured", detail: "The API's HCP tenant configuration is not configured correctly" });
    expect(s3.calls()).toHaveLength(0);
    expect(lines.join("")).toContain("no HCP tenant is configured: set HcpTenants, or HcpEndpoint, HcpAccessKeyId and HcpSecretAccessKey");
  });
});
