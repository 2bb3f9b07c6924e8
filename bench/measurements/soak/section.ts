import type { BenchContext } from "../../context";
import { fmt, verdict, type Row } from "../../lib/report";
import { MB } from "../../lib/stats";
import { startServerProcess } from "../../lib/local-server/driver";
import type { MemorySample } from "../../lib/local-server/child";
import { runSoak } from "./soak";

/** Heap retained after GC may grow this much between the end of warm-up and the end of the soak. */
const STABLE_HEAP_TOLERANCE = 16 * MB;
/** RSS reaches its high-water mark during warm-up; over the second half it must stay about flat. */
const SECOND_HALF_RSS_TOLERANCE = 1.15;

/** Issue 7's soak: fixed-seed mixed requests at high concurrency, every answer checked, memory watched. */
export async function soakRows(ctx: BenchContext): Promise<Row[]> {
  const server = await startServerProcess(ctx.serverEnv);
  try {
    const { soakRequests: requests, soakConcurrency: concurrency } = ctx.params;
    const start = await server.memory(true);
    const warmedAt = Math.floor(requests / 10);
    const halfway = Math.floor(requests / 2);
    let warmed: Promise<MemorySample> | undefined;
    let middle: Promise<MemorySample> | undefined;
    ctx.log(`soak: ${requests} requests at concurrency ${concurrency}, seed ${ctx.seed}`);
    const result = await runSoak(
      { baseUrl: server.url, adminToken: server.adminToken, readToken: server.readToken },
      {
        requests,
        concurrency,
        seed: ctx.seed,
        prefix: `${ctx.fixture.prefix}-k`,
        onProgress: (done) => {
          if (done === warmedAt) warmed = server.memory(true);
          if (done === halfway) middle = server.memory(true);
        },
      },
    );
    const end = await server.memory(true);
    const afterWarmUp = (await warmed) ?? start;
    const atHalf = (await middle) ?? afterWarmUp;
    const heapGrowth = end.heapUsed - afterWarmUp.heapUsed;
    const rssSecondHalf = end.rss / atHalf.rss;
    const correct = result.serverErrors === 0 && result.wrong === 0 && result.final.missing === 0 && result.final.unexpected === 0;
    return [
      {
        section: "8 soak",
        name: `${result.requests} mixed requests, c=${concurrency}, seed ${ctx.seed}`,
        value: `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms; 5xx ${result.serverErrors}, wrong ${result.wrong}; final listing: ${result.final.expected} expected, ${result.final.missing} missing, ${result.final.unexpected} deleted-but-listed`,
        target: "0 5xx, 0 wrong",
        status: verdict(correct && result.requests === requests),
        data: { ...result },
      },
      {
        section: "8 soak",
        name: "server memory",
        value: `RSS ${fmt.mb(start.rss)} at start, ${fmt.mb(afterWarmUp.rss)} after ${warmedAt}, ${fmt.mb(atHalf.rss)} after ${halfway}, ${fmt.mb(end.rss)} at end; heap after GC ${fmt.mb(afterWarmUp.heapUsed)} → ${fmt.mb(atHalf.heapUsed)} → ${fmt.mb(end.heapUsed)}`,
        target: `heap after GC +≤ ${fmt.mb(STABLE_HEAP_TOLERANCE)}, 2nd-half RSS ≤ ×${SECOND_HALF_RSS_TOLERANCE}`,
        status: verdict(heapGrowth <= STABLE_HEAP_TOLERANCE && rssSecondHalf <= SECOND_HALF_RSS_TOLERANCE),
        data: { start, afterWarmUp, atHalf, end, heapGrowth, rssSecondHalf },
      },
    ];
  } finally {
    await server.close();
  }
}
