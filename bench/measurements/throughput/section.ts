import autocannon from "autocannon";
import type { BenchContext } from "../../context";
import { fmt, verdict, type Row } from "../../lib/report";
import { startServerProcess, type ServerProcess } from "../../lib/local-server/driver";

export const CONCURRENCY = [1, 16, 64] as const;

interface Load {
  label: string;
  method: "GET" | "HEAD";
  path: string;
}

async function load(server: ServerProcess, target: Load, connections: number, seconds: number, amount?: number) {
  return autocannon({
    url: `${server.url}${target.path}`,
    method: target.method,
    headers: { authorization: `Bearer ${server.adminToken}` },
    connections,
    ...(amount === undefined ? { duration: seconds } : { amount: Math.max(amount, connections) }),
    timeout: 10,
  });
}

/** The local HTTP server (API Gateway emulation + the real handlers + the store) under autocannon. */
export async function throughputRows(ctx: BenchContext): Promise<Row[]> {
  const server = await startServerProcess(ctx.serverEnv);
  const bucket = `${ctx.fixture.prefix}-load`;
  try {
    await server.createBuckets([bucket]);
    const targets: Load[] = [
      { label: "GET /api/v1/buckets", method: "GET", path: "/api/v1/buckets" },
      { label: "HEAD /api/v1/buckets/{bucket}", method: "HEAD", path: `/api/v1/buckets/${bucket}` },
    ];
    const rows: Row[] = [];
    for (const target of targets) {
      if (ctx.mode === "full") await load(server, target, 16, 1); // JIT and connection pools warm
      for (const connections of CONCURRENCY) {
        ctx.log(`throughput: ${target.label} at concurrency ${connections}`);
        const r = await load(server, target, connections, ctx.params.throughputSeconds, ctx.params.throughputRequests);
        const errors = r.errors + r.timeouts + r.non2xx;
        const total = r.requests.total;
        rows.push({
          section: "4 throughput",
          name: `${target.label} c=${connections}`,
          value: `${Math.round(total / r.duration)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${total} requests, ${errors} errors`,
          target: "0 errors",
          status: verdict(errors === 0 && total > 0),
          data: { requests: total, durationS: r.duration, rps: total / r.duration, latencyP50: r.latency.p50, latencyP99: r.latency.p99, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx },
        });
      }
    }
    const memory = await server.memory(true);
    rows.push({ section: "4 throughput", name: "server memory after load", value: `RSS ${fmt.mb(memory.rss)}, heap ${fmt.mb(memory.heapUsed)} after GC`, target: "—", status: "INFO", data: { ...memory } });
    await server.deleteBuckets([bucket]);
    return rows;
  } finally {
    await server.close();
  }
}
