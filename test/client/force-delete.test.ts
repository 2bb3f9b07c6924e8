import { describe, expect, expectTypeOf, it } from "vitest";
import { ConflictError, RahcpClient, RetryableError, type DeleteBucketResponse, type ForceDeleteProgress, type ForceDeleteTotals } from "@rahcp/client";
import { apiError, json, scriptedFetch } from "../support/mock-fetch";

/** deleteBucket with force: the 202 loop, progress reports and error propagation, over a scripted fetch. */

function client(mock: ReturnType<typeof scriptedFetch>, retries = 0) {
  return new RahcpClient({ endpoint: "http://api.test", token: "t", retries, retryPolicy: { baseDelayMs: 1, maxDelayMs: 1 }, fetch: mock.fetch });
}

const emptying = (deleted: number): ForceDeleteProgress => ({ status: "emptying", bucket: "b1", deleted, remaining: true });

describe("deleteBucket({ force: true })", () => {
  it("repeats the request on 202 until 200, reports each 202 with running totals, and returns the total deleted", async () => {
    const mock = scriptedFetch(json(202, emptying(1000)), json(202, emptying(1000)), json(202, emptying(3)), json(200, { status: "deleted", bucket: "b1", deleted: 0 }));
    const reports: [ForceDeleteProgress, ForceDeleteTotals][] = [];
    const result = await client(mock).s3.deleteBucket("b1", { force: true, onProgress: (progress, total) => void reports.push([progress, total]) });
    expectTypeOf(result).toEqualTypeOf<DeleteBucketResponse>();
    expect(result).toEqual({ status: "deleted", bucket: "b1", deleted: 2003 });
    expect(reports).toEqual([
      [emptying(1000), { deleted: 1000, requests: 1 }],
      [emptying(1000), { deleted: 2000, requests: 2 }],
      [emptying(3), { deleted: 2003, requests: 3 }],
    ]);
    expect(mock.calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual(Array(4).fill("DELETE /api/v1/buckets/b1?force=true"));
  });

  it("a bucket emptied in one request needs no progress report", async () => {
    const mock = scriptedFetch(json(200, { status: "deleted", bucket: "b1", deleted: 7 }));
    let reports = 0;
    expect(await client(mock).s3.deleteBucket("b1", { force: true, onProgress: () => void reports++ })).toEqual({ status: "deleted", bucket: "b1", deleted: 7 });
    expect(reports).toBe(0);
  });

  it("without force sends no force parameter and never repeats", async () => {
    for (const options of [undefined, { force: false }]) {
      const mock = scriptedFetch(json(200, { status: "deleted", bucket: "b1" }));
      expect(await client(mock).s3.deleteBucket("b1", options)).toEqual({ status: "deleted", bucket: "b1" });
      expect(mock.calls.map((c) => c.url.search)).toEqual([""]);
    }
  });

  it("refuses onProgress without force (it would never be called), before any request", async () => {
    const mock = scriptedFetch(json(200, { status: "deleted", bucket: "b1" }));
    await expect(client(mock).s3.deleteBucket("b1", { onProgress: () => undefined })).rejects.toThrow("onProgress needs force: true");
    expect(mock.calls).toHaveLength(0);
  });

  it("stops at the first error and rejects with it (409 naming retained versions), after reporting what went before", async () => {
    const detail = "Bucket 'b1' is not empty: 1 version could not be deleted (object-lock retention, a legal hold or missing permission): 'keep' (version v1): AccessDenied.";
    const mock = scriptedFetch(json(202, emptying(1000)), apiError(409, "BucketNotEmpty", detail, "req-409"));
    const reports: number[] = [];
    const error = await client(mock).s3.deleteBucket("b1", { force: true, onProgress: (_, total) => void reports.push(total.deleted) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: "BucketNotEmpty", detail, requestId: "req-409" });
    expect(reports).toEqual([1000]);
    expect(mock.remaining()).toBe(0);
  });

  it("a 503 between 202s is retried like any DELETE, and the loop carries on; after the retries it rejects", async () => {
    const retried = scriptedFetch(json(202, emptying(10)), apiError(503, "ServiceUnavailable", "busy"), json(200, { status: "deleted", bucket: "b1", deleted: 5 }));
    expect(await client(retried, 1).s3.deleteBucket("b1", { force: true })).toEqual({ status: "deleted", bucket: "b1", deleted: 15 });
    expect(retried.calls).toHaveLength(3);

    const failing = scriptedFetch(json(202, emptying(10)), apiError(503, "ServiceUnavailable", "busy"));
    await expect(client(failing).s3.deleteBucket("b1", { force: true })).rejects.toBeInstanceOf(RetryableError);
  });

  it("awaits onProgress before the next request, and an error it throws stops the call", async () => {
    const order: string[] = [];
    const mock = scriptedFetch(json(202, emptying(1)), (call) => {
      order.push(`request ${call.url.search}`);
      return json(200, { status: "deleted", bucket: "b1", deleted: 1 });
    });
    await client(mock).s3.deleteBucket("b1", {
      force: true,
      onProgress: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push("progress done");
      },
    });
    expect(order).toEqual(["progress done", "request ?force=true"]);

    const stopped = scriptedFetch(json(202, emptying(1)), json(200, { status: "deleted", bucket: "b1", deleted: 0 }));
    const failure = new Error("stop here");
    await expect(client(stopped).s3.deleteBucket("b1", { force: true, onProgress: () => { throw failure; } })).rejects.toBe(failure);
    expect(stopped.remaining()).toBe(1);
  });

  it("the signal cancels between requests: nothing more is sent", async () => {
    const controller = new AbortController();
    const mock = scriptedFetch(json(202, emptying(1000)), json(202, emptying(1000)));
    const reason = new Error("user pressed ctrl-c");
    const result = client(mock).s3.deleteBucket("b1", { force: true, signal: controller.signal, onProgress: () => controller.abort(reason) });
    await expect(result).rejects.toBe(reason);
    expect(mock.calls).toHaveLength(1);
  });
});
