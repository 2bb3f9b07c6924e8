import { describe, expect, it } from "vitest";
import { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";
import { openStore, tempDir } from "./store-fixture";

const VERSIONS = 10_000;
const KEYS = 1_000;
/** Generous bounds: they catch an O(total) page (seconds at this size), not a slow machine. */
const PAGE_BUDGET_MS = 100;

function report(line: string): void {
  if (process.env.EMBEDDED_STORE_TIMINGS) console.log(line);
}

describe("embedded store: 10 000 versions", () => {
  it("pages through them in pages of 1000 and survives a reopen, each page from the in-memory index", async () => {
    const dir = await tempDir();
    const store = await EmbeddedBucketStore.open(dir);
    await store.createBucket("big");
    await store.putVersioning("big", "Enabled");
    let started = performance.now();
    for (let i = 0; i < VERSIONS; i++) {
      const key = `k/${String(i % KEYS).padStart(4, "0")}`;
      if (i % 10 === 9) await store.deleteObject("big", key);
      else await store.putObject("big", key, `body ${i}`);
    }
    const putMs = performance.now() - started;

    const listPages = async (target: EmbeddedBucketStore, maxKeys: number) => {
      const pageMs: number[] = [];
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      let count = 0;
      let markers = 0;
      let previous = "";
      for (;;) {
        const t = performance.now();
        const page = await target.listVersions({ bucket: "big", maxKeys, keyMarker, versionIdMarker });
        pageMs.push(performance.now() - t);
        count += page.versions.length + page.deleteMarkers.length;
        markers += page.deleteMarkers.length;
        const first = [...page.versions, ...page.deleteMarkers].map((e) => e.key).sort()[0]!;
        expect(first >= previous).toBe(true); // pages advance through the keys
        previous = page.nextKeyMarker ?? previous;
        if (!page.isTruncated) break;
        keyMarker = page.nextKeyMarker!;
        versionIdMarker = page.nextVersionIdMarker!;
      }
      return { pageMs, count, markers };
    };

    const listed = await listPages(store, 1000);
    expect(listed.count).toBe(VERSIONS);
    expect(listed.markers).toBe(VERSIONS / 10);
    expect(listed.pageMs).toHaveLength(10);
    expect(Math.max(...listed.pageMs)).toBeLessThan(PAGE_BUDGET_MS);

    // The last page of one entry costs what the first does: resuming is a binary search, not a scan.
    const tail = await store.listVersions({ bucket: "big", maxKeys: 1, keyMarker: "k/0998" });
    expect(tail.versions.length + tail.deleteMarkers.length).toBe(1);
    const objects = await store.listObjects({ bucket: "big", prefix: "k/", delimiter: "/", maxKeys: 1000 });
    expect(objects.objects.length).toBe(KEYS - KEYS / 10); // keys ending in 9 only ever got delete markers
    await store.close();

    started = performance.now();
    const reopened = await openStore(dir);
    const openMs = performance.now() - started;
    const again = await listPages(reopened, 1000);
    expect(again.count).toBe(VERSIONS);
    report(
      `embedded store: put ${VERSIONS} versions ${putMs.toFixed(0)} ms; list 10 pages of 1000: ` +
        `${listed.pageMs.map((ms) => ms.toFixed(1)).join("/")} ms; reopen ${openMs.toFixed(0)} ms; ` +
        `after reopen ${again.pageMs.reduce((a, b) => a + b, 0).toFixed(1)} ms for all pages`,
    );
  }, 120_000);
});
