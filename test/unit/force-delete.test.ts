import { DeleteBucketCommand, DeleteObjectsCommand, ListMultipartUploadsCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { logger, routes } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadHandler, type LambdaHandler } from "../support/handlers";
import { s3Error } from "../support/s3-errors";
import { useMockedTenants } from "../support/tenants";
import { createTestIssuer, trustTestIssuer, type TestIssuer } from "../support/tokens";
import { BUCKET, eventFor, expectErrorBody } from "./route-cases";

/** The force-delete handler over a mocked S3: its answers, its 409 details and its audit line. */
const s3 = mockClient(S3Client);
let handler: LambdaHandler;
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer();
  handler = await loadHandler(routes.deleteBucket);
});
beforeEach(() => {
  trustTestIssuer(issuer);
  useMockedTenants();
  s3.reset();
  s3.on(ListMultipartUploadsCommand).resolves({ IsTruncated: false });
});
afterEach(() => vi.restoreAllMocks());

async function force(scope = "buckets:admin") {
  const event = eventFor(routes.deleteBucket, await issuer.token(scope), { query: { force: "true" } });
  return { event, res: await invoke(handler, event) };
}

const versions = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k/${i}`, VersionId: `v${i}` }));

describe("DELETE …?force=true at the handler", () => {
  it("lists versions, deletes them in one quiet batch, aborts nothing, deletes the bucket: 200 with the count", async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: versions(3), DeleteMarkers: [{ Key: "k/0", VersionId: "m0" }], IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});
    s3.on(DeleteBucketCommand).resolves({});
    const { res } = await force();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "deleted", bucket: BUCKET, deleted: 4 });
    const [batch] = s3.commandCalls(DeleteObjectsCommand);
    expect(batch!.args[0].input).toEqual({
      Bucket: BUCKET,
      Delete: { Quiet: true, Objects: [{ Key: "k/0", VersionId: "v0" }, { Key: "k/1", VersionId: "v1" }, { Key: "k/2", VersionId: "v2" }, { Key: "k/0", VersionId: "m0" }] },
    });
  });

  it("names at most 5 undeletable versions with their reason, counts the rest, keeps the bucket", async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: versions(9), IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({ Errors: versions(7).map((v) => ({ ...v, Code: "AccessDenied", Message: "retained" })) });
    const { event, res } = await force();
    expect(res.status).toBe(409);
    expectErrorBody(res.json, event.requestContext.requestId, "BucketNotEmpty");
    expect(res.json?.detail).toBe(
      `Bucket '${BUCKET}' is not empty: 7 versions could not be deleted (object-lock retention, a legal hold or missing permission): ` +
        "'k/0' (version v0): AccessDenied, 'k/1' (version v1): AccessDenied, 'k/2' (version v2): AccessDenied, 'k/3' (version v3): AccessDenied, " +
        "'k/4' (version v4): AccessDenied and 2 more. Everything else was deleted; the bucket stays.",
    );
    expect(s3.commandCalls(DeleteBucketCommand)).toHaveLength(0);
  });

  it("says so when HCP keeps deletion records: nothing listed, DeleteBucket still BucketNotEmpty", async () => {
    s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
    s3.on(DeleteBucketCommand).rejects(s3Error("BucketNotEmpty", 409));
    const { res } = await force();
    expect(res.status).toBe(409);
    expect(res.json?.detail).toMatch(/HCP keeps deletion records until they are pruned \(a namespace setting in HCP's management API\)/);
  });

  it("needs the admin scope; a write token is refused before any S3 call", async () => {
    const { res } = await force("buckets:write");
    expect(res.status).toBe(403);
    expect(res.json?.detail).toBe("This operation needs the 'buckets:admin' scope");
    expect(s3.calls()).toHaveLength(0);
  });

  it("writes one audit line, bucket.delete.force, with the count and the outcome", async () => {
    s3.on(ListObjectVersionsCommand).resolves({ Versions: versions(2), IsTruncated: false });
    s3.on(DeleteObjectsCommand).resolves({});
    s3.on(DeleteBucketCommand).resolves({});
    const info = vi.spyOn(logger, "info").mockImplementation(() => undefined);
    await force();
    const audits = info.mock.calls.filter(([message]) => message === "audit").map(([, fields]) => fields);
    expect(audits).toEqual([expect.objectContaining({ action: "bucket.delete.force", bucket: BUCKET, deleted: 2, outcome: "deleted", result: "success", status: 200 })]);
  });
});
