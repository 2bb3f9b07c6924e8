import {
  BucketAlreadyExists,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketAclCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { routeList, routes, schemas, type RouteSpec } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { headError } from "../support/s3-errors";
import { loadRouteHandlers, type LambdaHandler } from "../support/handlers";
import { createTestIssuer, trustTestIssuer } from "../support/tokens";
import { useMockedTenants } from "../support/tenants";
import { ACL_POLICY, BUCKET, caseOf, eventFor } from "./route-cases";

const s3 = mockClient(S3Client);
let handlers: Map<string, LambdaHandler>;
let token: string;

beforeAll(async () => {
  const issuer = await createTestIssuer();
  trustTestIssuer(issuer);
  useMockedTenants();
  token = await issuer.token("buckets:admin");
  handlers = await loadRouteHandlers();
});

beforeEach(() => {
  s3.reset();
});

function call(route: RouteSpec, overrides: Parameters<typeof eventFor>[2] = {}) {
  const event = eventFor(route, token, overrides);
  return { event, result: invoke(handlers.get(route.id), event) };
}

/** The input of the only call made with `command`. */
function sentInput<C extends Parameters<typeof s3.commandCalls>[0]>(command: C) {
  const calls = s3.commandCalls(command);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
}

describe.each(routeList.map((route) => [route.id, route] as const))("%s success envelope", (_id, route) => {
  it(`answers ${route.successStatus} with the API's headers and a body matching the declared schema`, async () => {
    caseOf(route).succeed(s3);
    const { event, result } = call(route);
    const res = await result;
    expect(res.status).toBe(route.successStatus);
    expect(res.headers["x-request-id"]).toBe(event.requestContext.requestId);
    expect(res.headers["cache-control"]).toBe("no-store");
    if (route.response) {
      expect(res.headers["content-type"]).toBe("application/json");
      expect(route.response.safeParse(res.json).success).toBe(true);
    } else {
      expect(res.body ?? "").toBe("");
    }
  });
});

describe("GET /api/v1/buckets", () => {
  it("maps buckets and owner, with ISO 8601 creation dates", async () => {
    s3.on(ListBucketsCommand).resolves({
      Buckets: [
        { Name: "alpha", CreationDate: new Date("2024-01-02T03:04:05.678Z") },
        { Name: "beta", CreationDate: new Date(Date.UTC(2023, 11, 31)) },
      ],
      Owner: { DisplayName: "tenant-admin", ID: "abc123" },
    });
    const res = await call(routes.listBuckets).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      buckets: [
        { name: "alpha", creation_date: "2024-01-02T03:04:05.678Z" },
        { name: "beta", creation_date: "2023-12-31T00:00:00.000Z" },
      ],
      owner: { display_name: "tenant-admin", id: "abc123" },
      is_truncated: false,
      next_continuation_token: null,
    });
    expect(sentInput(ListBucketsCommand)).toEqual({});
  });

  it("answers an empty list and a null owner when S3 sends neither", async () => {
    s3.on(ListBucketsCommand).resolves({});
    const res = await call(routes.listBuckets).result;
    expect(res.json).toEqual({ buckets: [], owner: null, is_truncated: false, next_continuation_token: null });
  });

  it("keeps a missing creation date or owner field as null", async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "gamma" }], Owner: { ID: "only-id" } });
    const res = await call(routes.listBuckets).result;
    expect(res.json).toEqual({
      buckets: [{ name: "gamma", creation_date: null }],
      owner: { display_name: null, id: "only-id" },
      is_truncated: false,
      next_continuation_token: null,
    });
  });
});

describe("POST /api/v1/buckets", () => {
  it("creates the bucket after checking it does not exist: 201 {status:'created', bucket}", async () => {
    caseOf(routes.createBucket).succeed(s3);
    const res = await call(routes.createBucket, { body: { bucket: "fresh-bucket" } }).result;
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ status: "created", bucket: "fresh-bucket" });
    expect(sentInput(HeadBucketCommand)).toEqual({ Bucket: "fresh-bucket" });
    expect(sentInput(CreateBucketCommand)).toEqual({ Bucket: "fresh-bucket" });
  });

  it("answers 409 for a bucket that already exists (HeadBucket 200) without calling CreateBucket", async () => {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(CreateBucketCommand).resolves({});
    const { event, result } = call(routes.createBucket, { body: { bucket: "taken-bucket" } });
    const res = await result;
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: "BucketAlreadyOwnedByYou", request_id: event.requestContext.requestId });
    expect(res.json?.detail).toContain("taken-bucket");
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(0);
  });

  it("still tries CreateBucket when HeadBucket is forbidden (a foreign bucket) and reports its 409", async () => {
    s3.on(HeadBucketCommand).rejects(headError(403));
    s3.on(CreateBucketCommand).rejects(new BucketAlreadyExists({ $metadata: { httpStatusCode: 409 }, message: "taken" }));
    const res = await call(routes.createBucket, { body: { bucket: "foreign-bucket" } }).result;
    expect(res.status).toBe(409);
    expect(res.json?.code).toBe("BucketAlreadyExists");
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(1);
  });

  it("creates the bucket when HeadBucket is forbidden only for lack of permission", async () => {
    s3.on(HeadBucketCommand).rejects(headError(403));
    s3.on(CreateBucketCommand).resolves({});
    const res = await call(routes.createBucket, { body: { bucket: "new-bucket" } }).result;
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ status: "created", bucket: "new-bucket" });
  });
});

describe("HEAD /api/v1/buckets/{bucket}", () => {
  it("answers 200 with an empty body and sends HeadBucket for the bucket", async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: "us-east-1" });
    const res = await call(routes.headBucket).result;
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
    expect(res.headers["content-type"]).toBeUndefined();
    expect(sentInput(HeadBucketCommand)).toEqual({ Bucket: BUCKET });
  });
});

describe("DELETE /api/v1/buckets/{bucket}", () => {
  it("answers 200 {status:'deleted', bucket}", async () => {
    s3.on(DeleteBucketCommand).resolves({});
    const res = await call(routes.deleteBucket).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "deleted", bucket: BUCKET });
    expect(sentInput(DeleteBucketCommand)).toEqual({ Bucket: BUCKET });
  });
});

describe("GET /api/v1/buckets/{bucket}/versioning", () => {
  it.each([
    ["never enabled (empty answer)", {}, { status: null, mfa_delete: null }],
    ["enabled", { Status: "Enabled" as const }, { status: "Enabled", mfa_delete: null }],
    ["suspended with MFA delete disabled", { Status: "Suspended" as const, MFADelete: "Disabled" as const }, { status: "Suspended", mfa_delete: "Disabled" }],
    ["enabled with MFA delete enabled", { Status: "Enabled" as const, MFADelete: "Enabled" as const }, { status: "Enabled", mfa_delete: "Enabled" }],
  ])("%s", async (_name, answer, expected) => {
    s3.on(GetBucketVersioningCommand).resolves(answer);
    const res = await call(routes.getVersioning).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual(expected);
    expect(sentInput(GetBucketVersioningCommand)).toEqual({ Bucket: BUCKET });
  });
});

describe("PUT /api/v1/buckets/{bucket}/versioning", () => {
  it.each(["Enabled", "Suspended"] as const)("sets %s and answers {status:'updated', versioning}", async (status) => {
    s3.on(PutBucketVersioningCommand).resolves({});
    const res = await call(routes.setVersioning, { body: { status } }).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "updated", versioning: status });
    expect(sentInput(PutBucketVersioningCommand)).toEqual({ Bucket: BUCKET, VersioningConfiguration: { Status: status } });
  });
});

describe("GET /api/v1/buckets/{bucket}/versions", () => {
  const modified = new Date("2024-05-06T07:08:09.000Z");

  it("maps versions and delete markers field by field", async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      IsTruncated: false,
      NextKeyMarker: "ignored-when-not-truncated",
      NextVersionIdMarker: "ignored-too",
      Versions: [
        { Key: "a.txt", VersionId: "v2", IsLatest: true, LastModified: modified, Size: 42, ETag: '"abc"', StorageClass: "STANDARD" },
        { Key: "legacy.txt", IsLatest: true, LastModified: modified, Size: 0, ETag: '"d41d"' },
      ],
      DeleteMarkers: [{ Key: "gone.txt", VersionId: "dm1", IsLatest: true, LastModified: modified }],
    });
    const res = await call(routes.listVersions).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      versions: [
        { key: "a.txt", version_id: "v2", is_latest: true, last_modified: "2024-05-06T07:08:09.000Z", size: 42, etag: '"abc"', storage_class: "STANDARD" },
        // an object written before versioning has the version id "null"; S3 omits the default storage class
        { key: "legacy.txt", version_id: "null", is_latest: true, last_modified: "2024-05-06T07:08:09.000Z", size: 0, etag: '"d41d"', storage_class: "STANDARD" },
      ],
      delete_markers: [{ key: "gone.txt", version_id: "dm1", is_latest: true, last_modified: "2024-05-06T07:08:09.000Z" }],
      is_truncated: false,
      next_key_marker: null,
      next_version_id_marker: null,
      key_count: 3,
    });
  });

  it("sends MaxKeys 1000 and no markers by default", async () => {
    s3.on(ListObjectVersionsCommand).resolves({});
    const res = await call(routes.listVersions).result;
    expect(res.json).toEqual({
      versions: [],
      delete_markers: [],
      is_truncated: false,
      next_key_marker: null,
      next_version_id_marker: null,
      key_count: 0,
    });
    const input = sentInput(ListObjectVersionsCommand);
    expect(input.Bucket).toBe(BUCKET);
    expect(input.MaxKeys).toBe(1000);
    expect(input.Prefix).toBeUndefined();
    expect(input.KeyMarker).toBeUndefined();
    expect(input.VersionIdMarker).toBeUndefined();
  });

  it("passes prefix, max_keys and both markers through and returns the next markers of a truncated page", async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      IsTruncated: true,
      NextKeyMarker: "logs/b.txt",
      NextVersionIdMarker: "v9",
      Versions: [{ Key: "logs/b.txt", VersionId: "v9", IsLatest: false, LastModified: modified, Size: 1, ETag: '"e"', StorageClass: "STANDARD" }],
    });
    const query = { prefix: "logs/", max_keys: "1", key_marker: "logs/a.txt", version_id_marker: "v3" };
    const res = await call(routes.listVersions, { query }).result;
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ is_truncated: true, next_key_marker: "logs/b.txt", next_version_id_marker: "v9", key_count: 1 });
    expect(sentInput(ListObjectVersionsCommand)).toEqual({
      Bucket: BUCKET,
      Prefix: "logs/",
      MaxKeys: 1,
      KeyMarker: "logs/a.txt",
      VersionIdMarker: "v3",
    });
  });

  it.each(["1", "1000"])("accepts max_keys=%s", async (maxKeys) => {
    s3.on(ListObjectVersionsCommand).resolves({});
    const res = await call(routes.listVersions, { query: { max_keys: maxKeys } }).result;
    expect(res.status).toBe(200);
    expect(sentInput(ListObjectVersionsCommand).MaxKeys).toBe(Number(maxKeys));
  });
});

describe("GET /api/v1/buckets/{bucket}/objects", () => {
  it("maps objects and common prefixes, with MaxKeys 1000 by default", async () => {
    s3.on(ListObjectsV2Command).resolves({
      IsTruncated: false,
      NextContinuationToken: "ignored",
      Contents: [{ Key: "a.txt", Size: 5, LastModified: new Date("2024-02-03T04:05:06.000Z"), ETag: '"x"' }],
      CommonPrefixes: [{ Prefix: "logs/" }, {}],
    });
    const res = await call(routes.listObjects).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      objects: [{ key: "a.txt", size: 5, last_modified: "2024-02-03T04:05:06.000Z", etag: '"x"', storage_class: "STANDARD" }],
      common_prefixes: ["logs/"],
      is_truncated: false,
      next_continuation_token: null,
      key_count: 2,
    });
    const input = sentInput(ListObjectsV2Command);
    expect(input).toMatchObject({ Bucket: BUCKET, MaxKeys: 1000 });
    expect(input.ContinuationToken).toBeUndefined();
  });

  it("passes prefix, delimiter, max_keys and continuation token through", async () => {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: true, NextContinuationToken: "next-token" });
    const query = { prefix: "logs/", delimiter: "/", max_keys: "10", continuation_token: "tok" };
    const res = await call(routes.listObjects, { query }).result;
    expect(res.json).toMatchObject({ is_truncated: true, next_continuation_token: "next-token", key_count: 0 });
    expect(sentInput(ListObjectsV2Command)).toEqual({
      Bucket: BUCKET,
      Prefix: "logs/",
      Delimiter: "/",
      MaxKeys: 10,
      ContinuationToken: "tok",
    });
  });
});

describe("bucket ACL", () => {
  it("GET returns S3's Owner and Grants structure as sent", async () => {
    s3.on(GetBucketAclCommand).resolves({
      Owner: ACL_POLICY.Owner,
      Grants: [
        ...ACL_POLICY.Grants,
        { Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "ops@example.com" }, Permission: "WRITE_ACP" },
        { Permission: "READ" }, // no grantee: dropped rather than answered half-formed
      ],
    });
    const res = await call(routes.getAcl).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      owner: { ID: "owner-canonical-id", DisplayName: "tenant-admin" },
      grants: [
        { Grantee: { Type: "CanonicalUser", ID: "owner-canonical-id", DisplayName: "tenant-admin" }, Permission: "FULL_CONTROL" },
        { Grantee: { Type: "CanonicalUser", ID: "reader-canonical-id", DisplayName: "reader" }, Permission: "READ" },
        { Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "ops@example.com" }, Permission: "WRITE_ACP" },
      ],
    });
    expect(sentInput(GetBucketAclCommand)).toEqual({ Bucket: BUCKET });
  });

  it("PUT reads the owner, sends the policy as AccessControlPolicy and answers {status:'updated', bucket}", async () => {
    caseOf(routes.setAcl).succeed(s3);
    const res = await call(routes.setAcl, { body: ACL_POLICY }).result;
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "updated", bucket: BUCKET });
    expect(sentInput(PutBucketAclCommand)).toEqual({ Bucket: BUCKET, AccessControlPolicy: ACL_POLICY });
  });

  it("round-trips: what GET answers, PUT accepts unchanged and sends back to S3 identically", async () => {
    const fromS3 = {
      Owner: { ID: "owner-canonical-id", DisplayName: "tenant-admin" },
      Grants: [
        { Grantee: { Type: "CanonicalUser" as const, ID: "owner-canonical-id", DisplayName: "tenant-admin" }, Permission: "FULL_CONTROL" as const },
        { Grantee: { Type: "CanonicalUser" as const, ID: "reader-id" }, Permission: "READ_ACP" as const },
        { Grantee: { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" }, Permission: "WRITE" as const },
      ],
    };
    s3.on(GetBucketAclCommand).resolves(fromS3);
    s3.on(PutBucketAclCommand).resolves({});
    const got = await call(routes.getAcl).result;
    const acl = schemas.AclResponse.parse(got.json);
    const put = await call(routes.setAcl, { body: acl }).result; // GET's own spelling, untouched
    expect(put.status).toBe(200);
    expect(sentInput(PutBucketAclCommand)).toEqual({ Bucket: BUCKET, AccessControlPolicy: fromS3 });
  });

  it("GET answers each grantee with its identifying field only (what PUT's strict schema takes back)", async () => {
    s3.on(GetBucketAclCommand).resolves({
      Owner: { ID: "owner-canonical-id" },
      Grants: [
        { Grantee: { Type: "CanonicalUser", ID: "owner-canonical-id", DisplayName: "", EmailAddress: "x@example.com" }, Permission: "FULL_CONTROL" },
        { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", DisplayName: "group", ID: "" }, Permission: "READ" },
        { Grantee: { Type: "Group" }, Permission: "READ" }, // no URI: cannot be set back, left out
        { Grantee: { Type: "CanonicalUser", ID: "x" }, Permission: "EVERYTHING" as never },
      ],
    });
    const got = await call(routes.getAcl).result;
    expect(got.json).toEqual({
      owner: { ID: "owner-canonical-id" },
      grants: [
        { Grantee: { Type: "CanonicalUser", ID: "owner-canonical-id" }, Permission: "FULL_CONTROL" },
        { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, Permission: "READ" },
      ],
    });
    expect(schemas.SetAclRequest.safeParse(got.json).success).toBe(true);
  });

  it("GET of an ACL without an owner ID is the backend answering unexpectedly (502), not an ACL that cannot be set back", async () => {
    s3.on(GetBucketAclCommand).resolves({ Owner: { DisplayName: "nobody" }, Grants: [] });
    const res = await call(routes.getAcl).result;
    expect(res.status).toBe(502);
    expect(res.json?.["code"]).toBe("BackendError");
  });
});
