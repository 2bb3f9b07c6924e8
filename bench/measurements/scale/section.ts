import type { BenchContext } from "../../context";
import { fmt, verdict, type Row } from "../../lib/report";
import { median, MB } from "../../lib/stats";
import { startServerProcess, type ServerProcess } from "../../lib/local-server/driver";

const SECTION = "5 scale";
/** Later pages may be this much slower than early ones and still count as constant per page (linear total). */
const PAGE_TIME_TOLERANCE = 1.5;
/** Heap retained after GC may grow this much over the whole listing (it would grow with the total otherwise). */
const RETAINED_HEAP_TOLERANCE = 8 * MB;

async function getJson(server: ServerProcess, path: string): Promise<{ ms: number; json: Record<string, unknown> }> {
  const start = performance.now();
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
  const json = (await response.json()) as Record<string, unknown>;
  const ms = performance.now() - start;
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(json).slice(0, 200)}`);
  return { ms, json };
}

/** Lists every version of a bucket page by page through the API; per-page time and retained heap must stay flat. */
async function versionListing(ctx: BenchContext, server: ServerProcess): Promise<Row[]> {
  const { scaleVersions: total, scalePageSize: pageSize } = ctx.params;
  const bucket = `${ctx.fixture.prefix}-scale-v`;
  ctx.log(`scale: writing ${total} object versions`);
  await server.seedVersions(bucket, total / 2, 2);
  ctx.log("scale: listing the versions page by page");
  const before = await server.memory(true);
  await server.resetPeak();
  const pageMs: number[] = [];
  const retained: number[] = [];
  let listed = 0;
  let marker: { key: string; version: string } | undefined;
  const started = performance.now();
  for (;;) {
    const query = new URLSearchParams({ max_keys: String(pageSize), ...(marker ? { key_marker: marker.key, version_id_marker: marker.version } : {}) });
    const { ms, json } = await getJson(server, `/api/v1/buckets/${bucket}/versions?${query}`);
    pageMs.push(ms);
    listed += Number(json["key_count"]);
    retained.push((await server.memory(true)).heapUsed);
    if (!json["is_truncated"]) break;
    marker = { key: String(json["next_key_marker"]), version: String(json["next_version_id_marker"]) };
  }
  const elapsed = performance.now() - started; // includes the GC pauses between pages
  const peak = await server.memory();
  ctx.log("scale: removing the versions");
  await server.deleteBuckets([bucket]);
  const half = Math.floor(pageMs.length / 2);
  const early = median(pageMs.slice(1, Math.max(2, half)));
  const late = median(pageMs.slice(half));
  const growth = retained[retained.length - 1]! - retained[0]!;
  const ok = listed === total && late <= early * PAGE_TIME_TOLERANCE + 1 && growth <= RETAINED_HEAP_TOLERANCE;
  return [
    {
      section: SECTION,
      name: `list ${total} versions, ${pageSize}/page`,
      value: `${listed} listed in ${pageMs.length} pages, ${fmt.ms(pageMs.reduce((a, b) => a + b, 0))} (page p50 early ${early.toFixed(1)} / late ${late.toFixed(1)} ms); retained heap ${fmt.mb(retained[0]!)} → ${fmt.mb(retained[retained.length - 1]!)}, peak heap +${fmt.mb(peak.peakHeapUsed - before.heapUsed)}`,
      target: `all listed, late/early ≤ ${PAGE_TIME_TOLERANCE}, retained +≤ ${fmt.mb(RETAINED_HEAP_TOLERANCE)}`,
      status: verdict(ok),
      data: { listed, expected: total, pages: pageMs.length, pageMs, retainedHeap: retained, peakHeapUsed: peak.peakHeapUsed, peakRss: peak.peakRss, heapBefore: before.heapUsed, wallMs: elapsed },
    },
  ];
}

/** Lists all buckets at growing counts: time per list grows at most linearly, the heap it retains does not grow. */
async function bucketListing(ctx: BenchContext, server: ServerProcess): Promise<Row[]> {
  const target = ctx.params.scaleBuckets;
  const steps = [Math.round(target / 4), Math.round(target / 2), target];
  const existing = ((await getJson(server, "/api/v1/buckets")).json["buckets"] as unknown[]).length;
  const mine: string[] = [];
  const points: { buckets: number; ms: number; peakHeapDelta: number; retained: number }[] = [];
  try {
    for (const step of steps) {
      const wanted = step - existing - mine.length;
      const names = Array.from({ length: Math.max(0, wanted) }, (_, i) => `${ctx.fixture.prefix}-b${String(mine.length + i).padStart(4, "0")}`);
      ctx.log(`scale: ${step} buckets (creating ${names.length})`);
      await server.createBuckets(names);
      mine.push(...names);
      const base = await server.memory(true);
      await server.resetPeak();
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < (ctx.mode === "full" ? 5 : 1); i++) {
        const { ms, json } = await getJson(server, "/api/v1/buckets");
        times.push(ms);
        count = (json["buckets"] as unknown[]).length;
      }
      const peak = await server.memory();
      points.push({ buckets: count, ms: median(times), peakHeapDelta: peak.peakHeapUsed - base.heapUsed, retained: (await server.memory(true)).heapUsed });
    }
  } finally {
    ctx.log(`scale: removing ${mine.length} buckets`);
    await server.deleteBuckets(mine);
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const timeRatio = last.ms / first.ms;
  const countRatio = last.buckets / Math.max(1, first.buckets);
  const ok = last.buckets >= target && timeRatio <= countRatio * 1.5 + 0.5 && last.retained - first.retained <= RETAINED_HEAP_TOLERANCE;
  return [
    {
      section: SECTION,
      name: `list ${target} buckets`,
      value: points.map((p) => `${p.buckets}: ${p.ms.toFixed(1)} ms (+${fmt.mb(p.peakHeapDelta)} peak)`).join(", ") + `; retained heap ${fmt.mb(first.retained)} → ${fmt.mb(last.retained)}`,
      target: "time ∝ count (±50%), retained +≤ 8 MB",
      status: verdict(ok),
      data: { points, timeRatio, countRatio, existingBefore: existing },
    },
  ];
}

export async function scaleRows(ctx: BenchContext): Promise<Row[]> {
  const server = await startServerProcess(ctx.serverEnv);
  try {
    return [...(await versionListing(ctx, server)), ...(await bucketListing(ctx, server))];
  } finally {
    await server.close();
  }
}
