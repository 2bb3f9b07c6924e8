import { describe, expect, it, vi } from "vitest";
import { bucketPath, expectSuccess, type Reply } from "../api-client";
import type { Account } from "../backend";
import type { ContractContext } from "../context";
import { byUtf8 } from "../write-log";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

const expectSuccessfulHead = (reply: Reply) => expectSuccess("headBucket", reply);

const canonical = (account: Account) => ({ Type: "CanonicalUser" as const, ID: account.id, DisplayName: account.displayName });
const ownerOf = (account: Account) => ({ ID: account.id, DisplayName: account.displayName });

interface GrantShape {
  Grantee: { Type: string; ID?: string };
  Permission: string;
}

/**
 * The order grants come back in (Ceph RGW's, which the embedded store follows): group grants first,
 * then user grants by grantee ID in byte order, one grantee's grants in the order they were given.
 */
function inBackendOrder<G extends GrantShape>(grants: G[]): G[] {
  const keyOf = (g: G) => (g.Grantee.Type === "Group" ? "" : (g.Grantee.ID ?? ""));
  return [...grants].sort((a, b) => byUtf8(keyOf(a), keyOf(b)));
}

/** Runs `body` with public ACLs allowed, as on a stage with ALLOW_PUBLIC_ACL=true (the server is in this process). */
async function withPublicAcls(body: () => Promise<void>): Promise<void> {
  vi.stubEnv("ALLOW_PUBLIC_ACL", "true");
  try {
    await body();
  } finally {
    vi.unstubAllEnvs();
  }
}

/** GET/PUT …/acl. */
export function aclContract(ctx: ContractContext): void {
  describe("acl", () => {
    const aclPath = (bucket: string) => bucketPath(bucket, "/acl");
    const getAcl = (bucket: string) => ctx.api.ok("getAcl", aclPath(bucket));
    const putAcl = async (bucket: string, policy: unknown) => {
      const body = await ctx.api.ok("setAcl", aclPath(bucket), { json: policy });
      expect(body).toEqual({ status: "updated", bucket });
    };

    it("gives a new bucket's owner FULL_CONTROL and nobody else anything", async () => {
      const bucket = await ctx.createBucket("acl-default");
      const { owner } = ctx.backend;
      expect(await getAcl(bucket)).toEqual({
        owner: ownerOf(owner),
        grants: [{ Grantee: canonical(owner), Permission: "FULL_CONTROL" }],
      });
    });

    it("round-trips a policy granting READ to a second account", async () => {
      const bucket = await ctx.createBucket("acl-grant");
      const { owner, other } = ctx.backend;
      await putAcl(bucket, {
        Owner: { ID: owner.id },
        Grants: [
          { Grantee: { Type: "CanonicalUser", ID: owner.id }, Permission: "FULL_CONTROL" },
          { Grantee: { Type: "CanonicalUser", ID: other.id }, Permission: "READ" },
        ],
      });
      // The backend fills in display names.
      expect(await getAcl(bucket)).toEqual({
        owner: ownerOf(owner),
        grants: inBackendOrder([
          { Grantee: canonical(owner), Permission: "FULL_CONTROL" },
          { Grantee: canonical(other), Permission: "READ" },
        ]),
      });
    });

    it("takes GET's answer back as it is, and edited, in GET's own {owner, grants} spelling", async () => {
      const bucket = await ctx.createBucket("acl-echo");
      const { other } = ctx.backend;
      const read = (await getAcl(bucket)) as { owner: unknown; grants: GrantShape[] };
      await putAcl(bucket, read);
      expect(await getAcl(bucket)).toEqual(read);

      const edited = { ...read, grants: inBackendOrder([...read.grants, { Grantee: canonical(other), Permission: "READ_ACP" }]) };
      await putAcl(bucket, edited);
      expect(await getAcl(bucket)).toEqual(edited);
    });

    it("refuses grants to everyone (AllUsers, AuthenticatedUsers) with 403 PublicAclBlocked by default, and keeps the ACL", async () => {
      const bucket = await ctx.createBucket("acl-public");
      const before = await getAcl(bucket);
      const { owner } = ctx.backend;
      for (const group of ["AllUsers", "AuthenticatedUsers"]) {
        const error = await ctx.api.fails("PUT", aclPath(bucket), 403, "PublicAclBlocked", {
          json: {
            Owner: ownerOf(owner),
            Grants: [
              { Grantee: canonical(owner), Permission: "FULL_CONTROL" },
              { Grantee: { Type: "Group", URI: `http://acs.amazonaws.com/groups/global/${group}` }, Permission: "READ" },
            ],
          },
        });
        expect(error.detail).toContain(group);
        expect(error.detail).toContain(bucket);
      }
      expect(await getAcl(bucket)).toEqual(before);
    });

    it("round-trips group grants and several permissions for one account (public ACLs allowed)", () => withPublicAcls(async () => {
      const bucket = await ctx.createBucket("acl-group");
      const { owner, other } = ctx.backend;
      const grants = [
        { Grantee: canonical(owner), Permission: "FULL_CONTROL" },
        { Grantee: { Type: "Group", URI: ALL_USERS }, Permission: "READ" },
        { Grantee: canonical(other), Permission: "READ_ACP" },
        { Grantee: canonical(other), Permission: "WRITE" },
      ];
      await putAcl(bucket, { Owner: ownerOf(owner), Grants: grants });
      const acl = await getAcl(bucket);
      expect(acl).toEqual({ owner: ownerOf(owner), grants: inBackendOrder(grants) });
      expect(acl.grants[0]).toEqual({ Grantee: { Type: "Group", URI: ALL_USERS }, Permission: "READ" });

      // Back to private: the owner alone again.
      await putAcl(bucket, { Owner: ownerOf(owner), Grants: [{ Grantee: canonical(owner), Permission: "FULL_CONTROL" }] });
      expect((await getAcl(bucket)).grants).toEqual([{ Grantee: canonical(owner), Permission: "FULL_CONTROL" }]);
    }));

    it("answers 400 AclOwnerMismatch, naming both owners, to a policy naming another owner, and keeps the ACL", async () => {
      const bucket = await ctx.createBucket("acl-owner");
      const before = await getAcl(bucket);
      const { owner, other } = ctx.backend;
      const error = await ctx.api.fails("PUT", aclPath(bucket), 400, "AclOwnerMismatch", {
        json: { Owner: ownerOf(other), Grants: [{ Grantee: canonical(other), Permission: "FULL_CONTROL" }] },
      });
      expect(error.detail).toContain(bucket);
      expect(error.detail).toContain(`'${other.id}'`);
      expect(error.detail).toContain(`'${owner.id}'`);
      expect(await getAcl(bucket)).toEqual(before);
    });

    it("answers 400 to malformed grants before asking the backend, and keeps the ACL", async () => {
      const bucket = await ctx.createBucket("acl-invalid");
      const before = await getAcl(bucket);
      const { owner, other } = ctx.backend;
      const policies = [
        { Owner: ownerOf(owner), Grants: [{ Grantee: canonical(other), Permission: "READ_WRITE" }] },
        { Owner: ownerOf(owner), Grants: [{ Grantee: { Type: "CanonicalUser" }, Permission: "READ" }] },
        { Owner: ownerOf(owner), Grants: [{ Grantee: { Type: "Group" }, Permission: "READ" }] },
        { Owner: ownerOf(owner), Grants: [{ Grantee: { Type: "Role", ID: other.id }, Permission: "READ" }] },
        { Owner: ownerOf(owner) },
        { Grants: [] },
      ];
      for (const json of policies) await ctx.api.fails("PUT", aclPath(bucket), 400, "ValidationError", { json });
      expect(await getAcl(bucket)).toEqual(before);
    });

    it("answers 400 InvalidArgument to grantees the backend does not know, and keeps the ACL", async () => {
      const bucket = await ctx.createBucket("acl-unknown");
      const before = await getAcl(bucket);
      const { owner } = ctx.backend;
      const grantees = [
        { Type: "CanonicalUser", ID: `${ctx.backend.bucketPrefix}-nobody` },
        { Type: "AmazonCustomerByEmail", EmailAddress: "nobody@example.invalid" },
        { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/NoSuchGroup" },
        { Type: "Group", URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" }, // S3 knows it, RGW does not
      ];
      for (const Grantee of grantees) {
        const json = { Owner: ownerOf(owner), Grants: [{ Grantee: canonical(owner), Permission: "FULL_CONTROL" }, { Grantee, Permission: "READ" }] };
        const error = await ctx.api.fails("PUT", aclPath(bucket), 400, "InvalidArgument", { json });
        expect(error.detail, JSON.stringify(Grantee)).toContain(bucket);
      }
      expect(await getAcl(bucket)).toEqual(before);
    });

    it("binds the owner too: without READ no HEAD or listing, without WRITE no delete", () => withPublicAcls(async () => {
      const bucket = await ctx.createBucket("acl-enforced");
      const { owner, other } = ctx.backend;
      await ctx.backend.objects.putObject(bucket, "k", "kept");
      const expectDenied = async (method: string, sub: string) => {
        if (method === "HEAD") {
          const reply = await ctx.api.call("HEAD", bucketPath(bucket));
          expect(reply.status).toBe(403);
          expect(reply.text).toBe("");
        } else {
          await ctx.api.fails(method, bucketPath(bucket, sub), 403, "AccessDenied");
        }
      };
      try {
        await putAcl(bucket, { Owner: ownerOf(owner), Grants: [{ Grantee: canonical(other), Permission: "FULL_CONTROL" }] });
        for (const [method, sub] of [["HEAD", ""], ["GET", "/objects"], ["GET", "/versions"], ["DELETE", ""]] as const) {
          await expectDenied(method, sub);
        }
        // Versioning and the ACL itself stay the owner's.
        expect(await ctx.api.ok("getVersioning", bucketPath(bucket, "/versioning"))).toEqual({ status: null, mfa_delete: null });
        expect((await getAcl(bucket)).grants).toEqual([{ Grantee: canonical(other), Permission: "FULL_CONTROL" }]);

        await putAcl(bucket, { Owner: ownerOf(owner), Grants: [{ Grantee: canonical(owner), Permission: "READ" }] });
        expectSuccessfulHead(await ctx.api.call("HEAD", bucketPath(bucket)));
        expect((await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"))).objects.map((o) => o.key)).toEqual(["k"]);
        await expectDenied("DELETE", "");

        await putAcl(bucket, {
          Owner: ownerOf(owner),
          Grants: [
            { Grantee: { Type: "Group", URI: ALL_USERS }, Permission: "READ" },
            { Grantee: canonical(owner), Permission: "WRITE" },
          ],
        });
        expectSuccessfulHead(await ctx.api.call("HEAD", bucketPath(bucket)));
        await ctx.api.fails("DELETE", bucketPath(bucket), 409, "BucketNotEmpty"); // allowed, but not empty
      } finally {
        await putAcl(bucket, { Owner: ownerOf(owner), Grants: [{ Grantee: canonical(owner), Permission: "FULL_CONTROL" }] });
      }
      expect((await ctx.api.ok("listObjects", bucketPath(bucket, "/objects"))).key_count).toBe(1);
    }));

    it("answers 404 NoSuchBucket for a missing bucket, reading or writing", async () => {
      const bucket = ctx.name("acl-missing");
      const { owner } = ctx.backend;
      const read = await ctx.api.fails("GET", aclPath(bucket), 404, "NoSuchBucket");
      expect(read.detail).toContain(bucket);
      await ctx.api.fails("PUT", aclPath(bucket), 404, "NoSuchBucket", {
        json: { Owner: ownerOf(owner), Grants: [{ Grantee: canonical(owner), Permission: "FULL_CONTROL" }] },
      });
    });
  });
}
