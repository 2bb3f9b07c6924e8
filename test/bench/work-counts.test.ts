import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEntry, ROOT } from "../../scripts/build-functions";
import { startBackend, type S3Backend } from "../../bench/lib/backend";
import { constructionCounters } from "../../bench/measurements/work/instrument";
import { countWork } from "../../bench/measurements/work/driver";

/** The "once per container" check of the benchmark must see per-request work when there is some. */
let outDir: string;
let backend: S3Backend;

beforeAll(async () => {
  await mkdir(join(ROOT, "dist"), { recursive: true });
  outDir = await mkdtemp(join(ROOT, "dist", "bench-work-"));
  backend = await startBackend({}); // the loopback fake S3: this is about counting, not about RGW
});

afterAll(async () => {
  await backend?.close();
  await rm(outDir, { recursive: true, force: true });
});

describe("per-request work counters", () => {
  it("count a client and a schema built for every request", async () => {
    const bundle = await bundleEntry("wasteful", "test/bench/fixtures/wasteful-handler.ts", outDir, { plugins: [constructionCounters()] });
    const port = Number(new URL(backend.endpoint).port);
    const fixture = { prefix: "unused", bucket: "unused", ownerId: "unused", token: "unused" };
    const [result] = await countWork({ fixture, ops: [{ op: "listBuckets", file: bundle.file }], requests: 5, s3Port: port, jwksPort: 1 }, backend.env());
    expect(result!.perRequests["S3Client"]).toBe(5);
    expect(result!.perRequests["zodSchemas"]).toBeGreaterThanOrEqual(5 * 3); // strictObject, shape, string
    expect(result!.perRequests["s3Connections"]).toBe(5); // each new client opens its own connection
  }, 60_000);
});
