import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES } from "@rahcp/core";
import { ApiClient, BUCKETS, expectError, expectSuccess, type Reply } from "../api-client";
import type { AccessBackend, AccessBackendFactory } from "./backend";

/**
 * The access model over HTTP: two tenants, two teams and an admin group. Team A may read and write
 * `<prefix>-team-a-*` in the first tenant, team B `<prefix>-team-b-*` in the second, admins
 * everything everywhere. Every refusal is decided without a storage call.
 */
export function accessPolicyFor(prefix: string) {
  return {
    rules: [
      { id: "admins", who: { group: "archive-admins" }, tenant: "*", buckets: ["*"], allow: ["admin"] },
      { id: "team-a", who: { group: "team-a" }, tenant: "archive", buckets: [`${prefix}-team-a-*`], allow: ["read", "write"] },
      { id: "team-b", who: { group: "team-b" }, tenant: "research", buckets: [`${prefix}-team-b-*`], allow: ["read", "write"] },
      { id: "ci-reader", who: { client: "ci-pipeline" }, tenant: "archive", buckets: [`${prefix}-shared-*`], allow: ["read"] },
    ],
  };
}

export function defineAccessContract(label: string, factory: AccessBackendFactory): void {
  describe(`access model contract (${label})`, () => {
    let backend: AccessBackend;
    let archive: string;
    let research: string;
    let teamA: ApiClient;
    let teamB: ApiClient;
    let adminArchive: ApiClient;
    let adminResearch: ApiClient;
    const created: [string, string][] = [];
    const name = (suffix: string) => `${backend.bucketPrefix}-${suffix}`;
    const path = (bucket: string, sub = "") => `${BUCKETS}/${bucket}${sub}`;

    async function create(client: ApiClient, tenant: string, suffix: string): Promise<string> {
      const bucket = name(suffix);
      created.push([tenant, bucket]);
      expect(await client.ok("createBucket", BUCKETS, { json: { bucket } })).toEqual({ status: "created", bucket });
      return bucket;
    }

    /** Runs `call`, expecting a refusal with `code` and no storage call at all. */
    async function refusedWithoutBackend(call: () => Promise<Reply>, status: number, code: string, method = "GET"): Promise<Reply> {
      const before = backend.backendCalls();
      const reply = await call();
      if (method === "HEAD") {
        expect(reply.status).toBe(status);
        expect(reply.text).toBe("");
      } else {
        expectError(reply, status, code);
      }
      expect(backend.backendCalls() - before, `${code} made no backend call`).toBe(0);
      return reply;
    }

    const listNames = async (client: ApiClient, query: Record<string, string | number> = {}) =>
      (await client.ok("listBuckets", BUCKETS, { query: { prefix: `${backend.bucketPrefix}-`, ...query } })).buckets.map((b) => b.name);

    beforeAll(async () => {
      backend = await factory(accessPolicyFor);
      [archive, research] = backend.tenants;
      const client = async (groups: string[], tenant: string, scopes: string[]) =>
        new ApiClient(backend.url, await backend.mint({ subject: `${groups[0]}-user`, groups, tenant, scopes }));
      teamA = await client(["team-a"], archive, [DEFAULT_SCOPES.write]);
      teamB = await client(["team-b"], research, [DEFAULT_SCOPES.write]);
      adminArchive = await client(["archive-admins"], archive, [DEFAULT_SCOPES.admin]);
      adminResearch = await client(["archive-admins"], research, [DEFAULT_SCOPES.admin]);
      await create(teamA, archive, "team-a-raw");
      await create(teamA, archive, "team-a-cooked");
      await create(teamB, research, "team-b-raw");
      await create(adminArchive, archive, "shared-1");
    });

    afterAll(async () => {
      if (!backend) return;
      try {
        for (const [tenant, bucket] of created) await backend.removeBucket(tenant, bucket).catch(() => undefined);
      } finally {
        await backend.close();
      }
    });

    it("each team's list shows only the buckets it may read; an admin sees its tenant's", async () => {
      expect(await listNames(teamA)).toEqual([name("team-a-cooked"), name("team-a-raw")]);
      expect(await listNames(teamB)).toEqual([name("team-b-raw")]);
      expect(await listNames(adminArchive)).toEqual([name("shared-1"), name("team-a-cooked"), name("team-a-raw")]);
      expect(await listNames(adminResearch)).toEqual([name("team-b-raw")]);
    });

    it("pages and filters the list in the API: prefix, max_buckets, continuation_token", async () => {
      const first = await adminArchive.ok("listBuckets", BUCKETS, { query: { prefix: `${backend.bucketPrefix}-`, max_buckets: 2 } });
      expect(first.buckets.map((b) => b.name)).toEqual([name("shared-1"), name("team-a-cooked")]);
      expect(first.is_truncated).toBe(true);
      const second = await adminArchive.ok("listBuckets", BUCKETS, {
        query: { prefix: `${backend.bucketPrefix}-`, max_buckets: 2, continuation_token: first.next_continuation_token! },
      });
      expect(second.buckets.map((b) => b.name)).toEqual([name("team-a-raw")]);
      expect(second).toMatchObject({ is_truncated: false, next_continuation_token: null });
      expect(await listNames(adminArchive, { prefix: name("team-a-r") })).toEqual([name("team-a-raw")]);
      expect(first.owner).toEqual(expect.objectContaining({ id: backend.owner(archive).id }));
    });

    it("out-of-pattern and cross-tenant HEAD, DELETE, versioning and ACL answer 403 with no backend call", async () => {
      const foreign = [name("shared-1"), name("team-b-raw"), name("team-a-nonexistent-x")];
      for (const bucket of [name("shared-1"), name("team-b-raw")]) {
        await refusedWithoutBackend(() => teamA.call("HEAD", path(bucket)), 403, "BucketAccessDenied", "HEAD");
        await refusedWithoutBackend(() => teamA.call("DELETE", path(bucket)), 403, "BucketAccessDenied");
        await refusedWithoutBackend(() => teamA.call("GET", path(bucket, "/versioning")), 403, "BucketAccessDenied");
        await refusedWithoutBackend(() => teamA.call("PUT", path(bucket, "/versioning"), { json: { status: "Enabled" } }), 403, "BucketAccessDenied");
        await refusedWithoutBackend(() => teamA.call("GET", path(bucket, "/acl")), 403, "BucketAccessDenied");
        await refusedWithoutBackend(() => teamA.call("GET", path(bucket, "/versions")), 403, "BucketAccessDenied");
      }
      // team B's own bucket name, asked in team A's tenant: still out of team A's grants
      const crossTenant = await refusedWithoutBackend(() => teamA.call("GET", path(name("team-b-raw"), "/objects")), 403, "BucketAccessDenied");
      expect(JSON.parse(crossTenant.text).detail).toBe(`'read' is not granted on bucket '${name("team-b-raw")}' in tenant '${archive}'`);
      // ACL changes need admin on the bucket: team A has write only, even on its own buckets
      await refusedWithoutBackend(
        () => teamA.call("PUT", path(name("team-a-raw"), "/acl"), { json: { Owner: { ID: "x" }, Grants: [] } }),
        403,
        "InsufficientScope",
      );
      expect(foreign).toHaveLength(3);
    });

    it("answers the same refusal whether the bucket exists or not", async () => {
      const existing = await refusedWithoutBackend(() => teamA.call("GET", path(name("shared-1"), "/acl")), 403, "BucketAccessDenied");
      const missing = await refusedWithoutBackend(() => teamA.call("GET", path(name("shared-9"), "/acl")), 403, "BucketAccessDenied");
      const strip = (reply: Reply) => ({ ...JSON.parse(reply.text), request_id: undefined, detail: String(JSON.parse(reply.text).detail).replace(/shared-\d/, "shared-N") });
      expect(strip(existing)).toEqual(strip(missing));
    });

    it("create outside the caller's pattern: 403, and nothing is created", async () => {
      const bucket = name("team-b-by-a");
      await refusedWithoutBackend(() => teamA.call("POST", BUCKETS, { json: { bucket } }), 403, "BucketAccessDenied");
      expect((await adminArchive.call("HEAD", path(bucket))).status).toBe(404);
      await refusedWithoutBackend(() => teamB.call("POST", BUCKETS, { json: { bucket: name("team-a-by-b") } }), 403, "BucketAccessDenied");
    });

    it("inside its grants a team works as before: versioning, objects, delete", async () => {
      const bucket = await create(teamA, archive, "team-a-work");
      expect(await teamA.ok("setVersioning", path(bucket, "/versioning"), { json: { status: "Enabled" } })).toEqual({ status: "updated", versioning: "Enabled" });
      await backend.objects(archive).putObject(bucket, "k", "v");
      expect((await teamA.ok("listObjects", path(bucket, "/objects"))).objects.map((o) => o.key)).toEqual(["k"]);
      await teamA.fails("DELETE", path(bucket), 409, "BucketNotEmpty");
      expectSuccess("headBucket", await teamA.call("HEAD", path(bucket)));
    });

    it("the same bucket name lives in two tenants independently", async () => {
      const bucket = await create(adminArchive, archive, "same-name");
      created.push([research, bucket]);
      expect(await adminResearch.ok("createBucket", BUCKETS, { json: { bucket } })).toEqual({ status: "created", bucket });
      await backend.objects(research).putObject(bucket, "only-in-research", "x");
      expect((await adminArchive.ok("listObjects", path(bucket, "/objects"))).objects).toEqual([]);
      expect((await adminResearch.ok("listObjects", path(bucket, "/objects"))).objects.map((o) => o.key)).toEqual(["only-in-research"]);
      expect(await adminArchive.ok("deleteBucket", path(bucket))).toEqual({ status: "deleted", bucket });
      expectSuccess("headBucket", await adminResearch.call("HEAD", path(bucket)));
      expect((await adminArchive.call("HEAD", path(bucket))).status).toBe(404);
    });

    it("blocks public ACLs and refuses a policy naming another owner (400, both named)", async () => {
      const bucket = name("shared-1");
      const owner = backend.owner(archive);
      const other = backend.owner(research);
      const before = await adminArchive.ok("getAcl", path(bucket, "/acl"));
      const grants = [{ Grantee: { Type: "CanonicalUser", ID: owner.id }, Permission: "FULL_CONTROL" }];
      await refusedWithoutBackend(
        () => adminArchive.call("PUT", path(bucket, "/acl"), {
          json: { Owner: { ID: owner.id }, Grants: [...grants, { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" }] },
        }),
        403,
        "PublicAclBlocked",
      );
      const mismatch = await adminArchive.fails("PUT", path(bucket, "/acl"), 400, "AclOwnerMismatch", { json: { Owner: { ID: other.id }, Grants: grants } });
      expect(mismatch.detail).toContain(`'${other.id}'`);
      expect(mismatch.detail).toContain(`'${owner.id}'`);
      expect(await adminArchive.ok("getAcl", path(bucket, "/acl"))).toEqual(before);
    });

    it("an unknown tenant, or none where two are served, is refused before any backend call", async () => {
      const finance = new ApiClient(backend.url, await backend.mint({ groups: ["archive-admins"], tenant: "finance" }));
      const unknown = await refusedWithoutBackend(() => finance.call("GET", BUCKETS), 403, "UnknownTenant");
      expect(JSON.parse(unknown.text).detail).toBe("The token's 'tenant' claim names no tenant this API serves");
      const none = new ApiClient(backend.url, await backend.mint({ groups: ["archive-admins"] }));
      await refusedWithoutBackend(() => none.call("GET", BUCKETS), 403, "UnknownTenant");
    });

    it("a client rule grants by client_id", async () => {
      const ci = new ApiClient(backend.url, await backend.mint({ subject: "svc", clientId: "ci-pipeline", tenant: archive, scopes: [DEFAULT_SCOPES.read] }));
      expect(await listNames(ci)).toEqual([name("shared-1")]);
      await refusedWithoutBackend(() => ci.call("GET", path(name("team-a-raw"), "/objects")), 403, "BucketAccessDenied");
    });

    it("GET /api/v1/me shows the caller, its tenant and effective grants (no backend call)", async () => {
      const before = backend.backendCalls();
      const me = await teamA.ok("me", "/api/v1/me");
      expect(me).toEqual({
        sub: "team-a-user",
        tenant: archive,
        groups: ["team-a"],
        client_id: null,
        scopes: [DEFAULT_SCOPES.write],
        permissions: ["read", "write"],
        policy: true,
        grants: [{ tenant: archive, buckets: [`${backend.bucketPrefix}-team-a-*`], allow: ["read", "write"], rule: "team-a" }],
      });
      expect(backend.backendCalls()).toBe(before);
    });
  });
}
