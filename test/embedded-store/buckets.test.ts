import { describe, expect, it, vi } from "vitest";
import { expectStoreError, openStore } from "./store-fixture";

const OWNER = { id: "owner-id", displayName: "Owner Name" };

describe("embedded store: buckets", () => {
  it("creates, lists (sorted, with owner and creation date), heads and deletes buckets", async () => {
    const store = await openStore(undefined, { owner: OWNER });
    expect(store.description).toMatch(/^embedded store \(.+\)$/);
    expect(await store.listBuckets()).toEqual({ buckets: [], owner: { displayName: "Owner Name", id: "owner-id" } });
    const before = Date.now();
    for (const name of ["zeta", "alpha", "mid-dle-1"]) await store.createBucket(name);
    const list = await store.listBuckets();
    expect(list.buckets.map((b) => b.name)).toEqual(["alpha", "mid-dle-1", "zeta"]);
    for (const b of list.buckets) expect(b.creationDate!.getTime()).toBeGreaterThanOrEqual(before - 1);

    await store.headBucket("alpha");
    await expectStoreError(store.headBucket("missing"), "NoSuchBucket");
    await expectStoreError(store.createBucket("alpha"), "BucketAlreadyOwnedByYou");
    await expectStoreError(store.createBucket("Bad_Name"), "InvalidBucketName");
    await expectStoreError(store.createBucket("../escape"), "InvalidBucketName");
    await expectStoreError(store.createBucket("dotted.name"), "InvalidBucketName"); // HCP's rules, the API's default

    await store.deleteBucket("alpha");
    await expectStoreError(store.headBucket("alpha"), "NoSuchBucket");
    await expectStoreError(store.deleteBucket("alpha"), "NoSuchBucket");
    expect((await store.listBuckets()).buckets.map((b) => b.name)).toEqual(["mid-dle-1", "zeta"]);
  });

  it("follows BUCKET_NAME_RULES like the API in front of it: s3 takes dotted names", async () => {
    const store = await openStore();
    vi.stubEnv("BUCKET_NAME_RULES", "s3");
    try {
      await store.createBucket("mid.dle-1");
      await expectStoreError(store.createBucket("my..name"), "InvalidBucketName");
    } finally {
      vi.unstubAllEnvs();
    }
    expect((await store.listBuckets()).buckets.map((b) => b.name)).toEqual(["mid.dle-1"]);
  });

  it("refuses to delete a bucket while any version or delete marker remains", async () => {
    const store = await openStore();
    await store.createBucket("full");
    await store.putVersioning("full", "Enabled");
    const version = await store.putObject("full", "k", "x");
    const marker = await store.deleteObject("full", "k");
    await expectStoreError(store.deleteBucket("full"), "BucketNotEmpty");
    await store.deleteObject("full", "k", version.versionId);
    // Only the delete marker is left: still not empty.
    expect((await store.listVersions({ bucket: "full", maxKeys: 10 })).deleteMarkers).toHaveLength(1);
    await expectStoreError(store.deleteBucket("full"), "BucketNotEmpty");
    await store.deleteObject("full", "k", marker.versionId);
    await store.deleteBucket("full");
    // The name is free again.
    await store.createBucket("full");
    expect(await store.getVersioning("full")).toEqual({ status: null, mfaDelete: null });
  });
});

describe("embedded store: bucket ACL", () => {
  it("starts with the owner's FULL_CONTROL and round-trips a replaced policy", async () => {
    const store = await openStore(undefined, { owner: OWNER, users: [{ id: "other-id", displayName: "Other", email: "other@example.com" }] });
    await store.createBucket("acl");
    expect(await store.getAcl("acl")).toEqual({
      owner: { ID: "owner-id", DisplayName: "Owner Name" },
      grants: [{ Grantee: { Type: "CanonicalUser", ID: "owner-id", DisplayName: "Owner Name" }, Permission: "FULL_CONTROL" }],
    });

    const policy = {
      Owner: { ID: "owner-id", DisplayName: "Owner Name" },
      Grants: [
        { Grantee: { Type: "CanonicalUser" as const, ID: "owner-id", DisplayName: "Owner Name" }, Permission: "FULL_CONTROL" as const },
        { Grantee: { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" as const },
        { Grantee: { Type: "CanonicalUser" as const, ID: "other-id" }, Permission: "WRITE_ACP" as const },
      ],
    };
    await store.putAcl("acl", policy);
    const acl = await store.getAcl("acl");
    expect(acl.owner).toEqual(policy.Owner);
    // As S3 reports it: the known user's display name is filled in; in Ceph RGW's order (groups, then users by ID).
    expect(acl.grants).toEqual([
      policy.Grants[1],
      { Grantee: { Type: "CanonicalUser", ID: "other-id", DisplayName: "Other" }, Permission: "WRITE_ACP" },
      policy.Grants[0],
    ]);
    // Returned objects are copies: changing one does not change the store.
    acl.grants.length = 0;
    expect((await store.getAcl("acl")).grants).toHaveLength(3);

    // An email grantee resolves to its canonical user, as S3 reports it.
    await store.putAcl("acl", {
      Owner: { ID: "owner-id" },
      Grants: [{ Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "Other@Example.com" }, Permission: "READ" }],
    });
    expect((await store.getAcl("acl")).grants).toEqual([
      { Grantee: { Type: "CanonicalUser", ID: "other-id", DisplayName: "Other" }, Permission: "READ" },
    ]);
  });

  it("denies a policy naming another owner and rejects unknown grantees, keeping the old ACL", async () => {
    const store = await openStore(undefined, { owner: OWNER });
    await store.createBucket("acl");
    const before = await store.getAcl("acl");
    await expectStoreError(store.putAcl("acl", { Owner: { ID: "someone-else" }, Grants: [] }), "AccessDenied");
    await expectStoreError(
      store.putAcl("acl", { Owner: { ID: "owner-id" }, Grants: [{ Grantee: { Type: "CanonicalUser", ID: "nobody" }, Permission: "READ" }] }),
      "InvalidArgument",
    );
    await expectStoreError(
      store.putAcl("acl", { Owner: { ID: "owner-id" }, Grants: [{ Grantee: { Type: "Group", URI: "http://example.com/group" }, Permission: "READ" }] }),
      "InvalidArgument",
    );
    await expectStoreError(
      store.putAcl("acl", {
        Owner: { ID: "owner-id" },
        Grants: [{ Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "nobody@example.com" }, Permission: "READ" }],
      }),
      "InvalidArgument",
    );
    await expectStoreError(store.putAcl("missing", { Owner: { ID: "owner-id" }, Grants: [] }), "NoSuchBucket");
    expect(await store.getAcl("acl")).toEqual(before);
  });
});
