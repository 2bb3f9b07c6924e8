import { describe, expect, expectTypeOf, it } from "vitest";
import {
  RahcpClient,
  type AclPolicy,
  type AclResponse,
  type DeleteBucketResponse,
  type ForceDeleteProgress,
  type ListObjectsResponse,
  type SetAclRequest,
  type VersioningMutationResponse,
} from "@rahcp/client";
import { json, scriptedFetch } from "../support/mock-fetch";

/**
 * The lines marked @ts-expect-error are checked by `npx tsc -p .`: each must be a type error, so
 * a call that does not match the OpenAPI document cannot compile.
 */
describe("typed calls over the generated paths", () => {
  it("binds path, parameters, query, body and result types to the document", async () => {
    const mock = scriptedFetch(
      json(200, { objects: [], common_prefixes: [], is_truncated: false, next_continuation_token: null, key_count: 0 }),
      json(200, { status: "updated", versioning: "Enabled" }),
    );
    const { api } = new RahcpClient({ endpoint: "http://api.test", token: "t", fetch: mock.fetch });

    const page = await api.call("get", "/api/v1/buckets/{bucket}/objects", { path: { bucket: "b1" }, query: { max_keys: 10 } });
    expectTypeOf(page).toEqualTypeOf<ListObjectsResponse>();
    const set = await api.call("put", "/api/v1/buckets/{bucket}/versioning", { path: { bucket: "b1" }, body: { status: "Enabled" } });
    expectTypeOf(set).toEqualTypeOf<VersioningMutationResponse>();
    expect(mock.calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      "GET /api/v1/buckets/b1/objects?max_keys=10",
      "PUT /api/v1/buckets/b1/versioning",
    ]);

    const rejected = () => {
      // @ts-expect-error unknown query parameter
      void api.call("get", "/api/v1/buckets/{bucket}/objects", { path: { bucket: "b1" }, query: { bogus: 1 } });
      // @ts-expect-error path parameter missing
      void api.call("get", "/api/v1/buckets/{bucket}/acl", {});
      // @ts-expect-error the path has no POST
      void api.call("post", "/api/v1/buckets/{bucket}/objects", { path: { bucket: "b1" } });
      // @ts-expect-error the request body is required
      void api.call("post", "/api/v1/buckets", {});
      // @ts-expect-error versioning status outside the enum
      void api.call("put", "/api/v1/buckets/{bucket}/versioning", { path: { bucket: "b1" }, body: { status: "On" } });
    };
    expect(typeof rejected).toBe("function");
  });

  it("reply() gives every declared success status with its own body type", async () => {
    const mock = scriptedFetch(json(202, { status: "emptying", bucket: "b1", deleted: 3, remaining: true }), json(200, { status: "deleted", bucket: "b1", deleted: 0 }));
    const { api } = new RahcpClient({ endpoint: "http://api.test", token: "t", fetch: mock.fetch });
    const input = { path: { bucket: "b1" }, query: { force: "true" as const } };
    const first = await api.reply("delete", "/api/v1/buckets/{bucket}", input);
    expectTypeOf(first).toEqualTypeOf<{ status: 200; body: DeleteBucketResponse } | { status: 202; body: ForceDeleteProgress }>();
    expect(first).toEqual({ status: 202, body: { status: "emptying", bucket: "b1", deleted: 3, remaining: true } });
    const second = await api.reply("delete", "/api/v1/buckets/{bucket}", input);
    expect(second.status).toBe(200);
    if (second.status === 202) expectTypeOf(second.body.remaining).toEqualTypeOf<true>();
    const rejected = () => {
      // @ts-expect-error force is "true" or "false", not a boolean
      void api.reply("delete", "/api/v1/buckets/{bucket}", { path: { bucket: "b1" }, query: { force: true } });
    };
    expect(typeof rejected).toBe("function");
  });

  it("HEAD has no body type", async () => {
    const mock = scriptedFetch(new Response(null, { status: 200 }));
    const { api } = new RahcpClient({ endpoint: "http://api.test", token: "t", fetch: mock.fetch });
    const result = await api.call("head", "/api/v1/buckets/{bucket}", { path: { bucket: "b1" } });
    expectTypeOf(result).toEqualTypeOf<undefined>();
    expect(result).toBeUndefined();
  });
});

describe("ACL round trip in the SDK's types", () => {
  const acl = {
    owner: { ID: "owner-id", DisplayName: "owner" },
    grants: [
      { Grantee: { Type: "CanonicalUser", ID: "owner-id", DisplayName: "owner" }, Permission: "FULL_CONTROL" },
      { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, Permission: "READ" },
    ],
  };

  it("getAcl's answer goes to setAcl as it is, or edited, without a cast (checked by tsc)", async () => {
    const mock = scriptedFetch(
      json(200, acl),
      json(200, { status: "updated", bucket: "b1" }),
      json(200, { status: "updated", bucket: "b1" }),
      json(200, { status: "updated", bucket: "b1" }),
    );
    const client = new RahcpClient({ endpoint: "http://api.test", token: "t", fetch: mock.fetch });
    const read = await client.s3.getAcl("b1");
    expectTypeOf(read).toEqualTypeOf<AclResponse>();
    expectTypeOf<AclResponse>().toExtend<SetAclRequest>();
    expectTypeOf<AclPolicy>().toExtend<SetAclRequest>();

    await client.s3.setAcl("b1", read);
    await client.s3.setAcl("b1", { ...read, grants: read.grants.filter((g) => g.Grantee.Type !== "Group") });
    await client.s3.setAcl("b1", { Owner: read.owner, Grants: read.grants });
    expect(mock.calls.slice(1).map((c) => c.body)).toEqual([acl, { ...acl, grants: [acl.grants[0]] }, { Owner: acl.owner, Grants: acl.grants }]);

    const rejected = () => {
      // @ts-expect-error a grantee without its identifying field
      void client.s3.setAcl("b1", { owner: read.owner, grants: [{ Grantee: { Type: "Group" }, Permission: "READ" }] });
      // @ts-expect-error the spellings cannot be mixed
      void client.s3.setAcl("b1", { Owner: read.owner, grants: read.grants });
    };
    expect(typeof rejected).toBe("function");
  });
});
