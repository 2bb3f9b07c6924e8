import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError, type BucketStore } from "@rahcp/core";
import { forceDelete } from "@rahcp/core/force-delete";
import { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";

/** forceDelete against the real embedded store, with the clock and a few backend behaviours scripted. */
let dir: string;
let store: EmbeddedBucketStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rahcp-force-"));
  store = await EmbeddedBucketStore.open(dir);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function bucketWith(name: string, versions: number, uploads = 0): Promise<string> {
  await store.createBucket(name);
  await store.putVersioning(name, "Enabled");
  for (let i = 0; i < versions; i++) await store.putObject(name, `k/${String(i % 700).padStart(4, "0")}`, "v");
  for (let i = 0; i < uploads; i++) await store.createMultipartUpload(name, `u/${i}`);
  return name;
}

const ample = () => ({ budgetEnd: Date.now() + 60_000, hardDeadline: Date.now() + 60_000 });

/** `store` with some operations replaced. */
function overriding(overrides: Partial<BucketStore>): BucketStore {
  return new Proxy(store as BucketStore, {
    get: (target, property, receiver) => (property in overrides ? overrides[property as keyof BucketStore] : Reflect.get(target, property, receiver)),
  }) as BucketStore;
}

describe("forceDelete", () => {
  it("removes every version, delete marker and upload, then the bucket, in one call when time allows", async () => {
    const bucket = await bucketWith("full", 1_100, 3);
    await store.deleteObject(bucket, "k/0001"); // a delete marker
    expect(await forceDelete(store, bucket, ample())).toEqual({ kind: "deleted", deleted: 1_101 });
    await expect(store.headBucket(bucket)).rejects.toMatchObject({ code: "NoSuchBucket" });
  });

  it("makes progress whatever the budget: one removing batch per call, then 'emptying'", async () => {
    const bucket = await bucketWith("slow", 2_100, 1);
    const outcomes = [];
    for (let i = 0; i < 10; i++) {
      const outcome = await forceDelete(store, bucket, { budgetEnd: Date.now(), hardDeadline: Date.now() + 60_000 });
      outcomes.push(outcome);
      if (outcome.kind !== "emptying") break;
    }
    expect(outcomes.map((o) => [o.kind, o.deleted])).toEqual([
      ["emptying", 1_000],
      ["emptying", 1_000],
      ["emptying", 100],
      ["deleted", 0], // versions gone: this call aborts the upload and deletes the bucket
    ]);
  });

  it("answers 'emptying' when the invocation's time runs out mid-batch (its calls are aborted), not an error", async () => {
    const bucket = await bucketWith("stuck", 5);
    const hung = overriding({
      listVersions: (_request, options) =>
        new Promise((_, reject) => options?.signal?.addEventListener("abort", () => reject(new StoreError("Timeout", bucket)))),
    });
    expect(await forceDelete(hung, bucket, { budgetEnd: Date.now() + 50, hardDeadline: Date.now() + 50 })).toEqual({ kind: "emptying", deleted: 0 });
  });

  it("reports versions that cannot be deleted and keeps the bucket, having deleted the rest", async () => {
    await store.createBucket("locked", { objectLock: true });
    const kept = await store.putObject("locked", "keep", "x");
    await store.putObject("locked", "go", "y");
    await store.putObjectRetention("locked", "keep", kept.versionId, { mode: "COMPLIANCE", retainUntil: new Date(Date.now() + 60_000) });
    expect(await forceDelete(store, "locked", ample())).toEqual({
      kind: "blocked",
      deleted: 1,
      failed: [{ key: "keep", versionId: kept.versionId, code: "AccessDenied", message: "AccessDenied" }],
    });
    await store.headBucket("locked");
  });

  it("tells HCP's deletion records (nothing listed, still not empty) from new writes", async () => {
    const bucket = await bucketWith("records", 3);
    const notEmpty = () => Promise.reject(new StoreError("BucketNotEmpty", bucket));
    expect(await forceDelete(overriding({ deleteBucket: notEmpty }), bucket, ample())).toEqual({ kind: "deletion-records", deleted: 3 });
    await store.putObject(bucket, "arrived", "meanwhile");
    const written = overriding({
      deleteBucket: async () => {
        await store.putObject(bucket, "late", "write");
        throw new StoreError("BucketNotEmpty", bucket);
      },
    });
    expect(await forceDelete(written, bucket, ample())).toEqual({ kind: "emptying", deleted: 1 });
  });

  it("counts a bucket another call deleted meanwhile as deleted; a missing bucket is NoSuchBucket", async () => {
    const bucket = await bucketWith("raced", 2);
    const raced = overriding({ deleteBucket: () => Promise.reject(new StoreError("NoSuchBucket", bucket)) });
    expect(await forceDelete(raced, bucket, ample())).toEqual({ kind: "deleted", deleted: 2 });
    await expect(forceDelete(store, "never-there", ample())).rejects.toMatchObject({ code: "NoSuchBucket" });
  });

  it("deletes each page in chunks of DELETE_CHUNK, and passes backend failures through (the next call continues)", async () => {
    const bucket = await bucketWith("failing", 1_050);
    let calls = 0;
    const failing = overriding({
      deleteVersions: (b, versions) => (++calls === 2 ? Promise.reject(new StoreError("ServiceUnavailable", b)) : store.deleteVersions(b, versions)),
    });
    await expect(forceDelete(failing, bucket, ample())).rejects.toMatchObject({ code: "ServiceUnavailable" }); // after its first chunk of 250
    expect(await forceDelete(store, bucket, ample())).toEqual({ kind: "deleted", deleted: 800 });
  });
});
