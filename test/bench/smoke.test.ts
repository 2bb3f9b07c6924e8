import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { routeList } from "@rahcp/core";
import { afterAll, describe, expect, it } from "vitest";
import { FUNCTION_HANDLERS, ROOT } from "../../scripts/build-functions";
import { formatReport, runBench, type BenchReport } from "../../bench/main";
import type { Row } from "../../bench/lib/report";
import { PARAMS } from "../../bench/context";

/**
 * `npm run bench` in smoke mode: every measurement once, so the benchmark cannot rot. Timing
 * targets are not asserted here (a loaded CI machine says nothing about them); what must hold is
 * that every row is there with finite numbers, and the correctness checks inside the benchmark.
 */
let outDir: string | undefined;
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const rowsOf = (report: BenchReport, section: string): Row[] => report.rows.filter((r) => r.section === section);
const finite = (value: unknown) => typeof value === "number" && Number.isFinite(value);

describe("benchmark smoke run", () => {
  it("measures every section once and reports finite numbers", async () => {
    // Inside the repository: the runtime-SDK variant resolves the AWS SDK from node_modules.
    await mkdir(join(ROOT, "dist"), { recursive: true });
    outDir = await mkdtemp(join(ROOT, "dist", "bench-smoke-"));
    const report = await runBench({ mode: "smoke", outDir });
    const operations = routeList.map((r) => r.handler);

    const sizes = rowsOf(report, "1 bundle size");
    for (const handler of FUNCTION_HANDLERS) {
      const row = sizes.find((r) => r.name === handler);
      expect(row?.data?.["bytes"], handler).toBeGreaterThan(0);
      expect(finite(row?.data?.["ratio"]), handler).toBe(true);
    }
    expect(sizes.some((r) => r.name.startsWith("baseline"))).toBe(true);

    const cold = rowsOf(report, "2 cold init");
    for (const handler of operations) expect(finite(cold.find((r) => r.name === handler)?.data?.["ratio"]), handler).toBe(true);
    expect(cold.some((r) => r.name.startsWith("SDK choice"))).toBe(true);

    const warm = rowsOf(report, "3 warm overhead");
    for (const handler of operations) {
      const data = warm.find((r) => r.name === handler)?.data;
      expect(finite(data?.["addedP50Ms"]) && finite(data?.["addedP99Ms"]) && finite(data?.["ratioP50"]), handler).toBe(true);
    }

    const throughput = rowsOf(report, "4 throughput").filter((r) => r.data?.["requests"] !== undefined);
    expect(throughput).toHaveLength(6);
    for (const row of throughput) expect(row.status, `${row.name}: ${row.value}`).toBe("PASS"); // zero errors

    const scale = rowsOf(report, "5 scale");
    expect(scale).toHaveLength(2);
    expect(scale[0]!.data?.["listed"]).toBe(scale[0]!.data?.["expected"]);

    const jwt = rowsOf(report, "6 JWT verification");
    expect(jwt.every((r) => finite(r.data?.["p50"]))).toBe(true);

    const work = rowsOf(report, "7 once per container");
    expect(work).toHaveLength(operations.length + 1); // + one S3 client per tenant
    for (const row of work) expect(row.status, `${row.name}: ${row.value}`).toBe("PASS");
    expect(work.at(-1)!.data).toMatchObject({ init: { S3Client: 1 }, perRequests: { S3Client: 1 }, tenants: 2 });

    const access = rowsOf(report, "9 access policy");
    expect(access).toHaveLength(4);
    expect(access.every((r) => finite(r.data?.["p50"]) && r.data?.["rules"] === 500)).toBe(true);

    const soak = rowsOf(report, "8 soak");
    expect(soak[0]?.data).toMatchObject({ wrong: 0, serverErrors: 0, final: { missing: 0, unexpected: 0 } });
    expect(finite((soak[1]?.data?.["end"] as { rss?: number } | undefined)?.rss)).toBe(true);

    const cli = rowsOf(report, "10 CLI start");
    expect(finite(cli.find((r) => r.name.startsWith("floor"))?.data?.["medianMs"])).toBe(true);
    for (const name of ["rahcp --help", "rahcp s3 ls"]) {
      const data = cli.find((r) => r.name === name)?.data;
      expect(finite(data?.["medianMs"]) && finite(data?.["ratio"]), name).toBe(true);
      expect(data?.["failures"], name).toEqual([]); // each run printed what the command should
    }

    // Force delete against the bare SDK loop: both emptied and deleted every entry (the child checks
    // the counts and that HEAD then answers 404, and fails the run otherwise), with finite rates.
    const force = rowsOf(report, "11 force delete");
    expect(force).toHaveLength(1);
    const forceData = force[0]!.data;
    expect(forceData?.["entries"]).toBe(PARAMS.smoke.forceKeys * PARAMS.smoke.forceVersionsPerKey + PARAMS.smoke.forceDeleteMarkers);
    for (const name of ["functionRate", "sdkRate", "ratio"]) expect(finite(forceData?.[name]) && Number(forceData?.[name]) > 0, name).toBe(true);

    for (const row of report.rows) expect(["PASS", "FAIL", "INFO"]).toContain(row.status);
    expect(formatReport(report)).toContain("10 CLI start");
  }, 240_000);
});
