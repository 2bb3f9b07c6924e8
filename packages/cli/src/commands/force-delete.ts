import type { ForceDeleteTotals } from "@rahcp/client";
import { NotConfirmedError } from "../exit-codes";
import { json, plural } from "../format";
import type { Invocation } from "../invocation";

/** Back to the start of the line and erase it: the progress line is redrawn in place. */
const CLEAR_LINE = "\r\x1b[2K";
/** Redraws between answers too, so a long request (up to the API's 29 s) does not look hung. */
const REDRAW_MS = 1000;

async function confirm(inv: Invocation, bucket: string): Promise<void> {
  if (!inv.io.isTerminal("stdin")) {
    throw new NotConfirmedError(
      `refusing to force-delete bucket ${bucket} without confirmation: standard input is not a terminal to type it on. ` +
        "Nothing was deleted. Pass --yes to confirm in scripts.",
    );
  }
  inv.note(`This deletes bucket ${bucket} and everything in it: every object version, delete marker and in-progress multipart upload. It cannot be undone.\n`);
  const answer = await inv.io.prompt("Type the bucket name to confirm: ");
  if (answer?.trim() !== bucket) {
    throw new NotConfirmedError(`${answer === undefined ? "not confirmed" : `"${answer.trim()}" is not the bucket's name`}: nothing was deleted`);
  }
}

/** One stderr line, redrawn in place: versions deleted so far, the rate, the time spent. */
class ProgressLine {
  private deleted = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly inv: Invocation,
    private readonly bucket: string,
    private readonly started: number,
  ) {
    this.draw();
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  update(total: ForceDeleteTotals): void {
    this.deleted = total.deleted;
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.inv.note(CLEAR_LINE);
  }

  private draw(): void {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = this.deleted > 0 ? `, ${Math.round(this.deleted / seconds)}/s` : "";
    this.inv.note(`${CLEAR_LINE}Emptying ${this.bucket}: ${this.deleted} versions and markers deleted${rate}, ${Math.floor(seconds)} s`);
  }
}

/**
 * `rahcp s3 rb BUCKET --force`: confirmed by typing the name (or --yes), then the SDK's force delete,
 * which repeats the request while the API answers 202.
 */
export async function forceDeleteBucket(inv: Invocation, bucket: string, options: { yes: boolean }): Promise<void> {
  const client = await inv.client(); // configuration mistakes surface before anything is asked
  if (!options.yes) await confirm(inv, bucket);
  const started = performance.now();
  const live = inv.io.isTerminal("stderr") ? new ProgressLine(inv, bucket, started) : undefined;
  let requests = 1;
  let result;
  try {
    result = await client.s3.deleteBucket(bucket, {
      force: true,
      onProgress: (_, total) => {
        requests = total.requests + 1;
        live?.update(total);
      },
    });
  } finally {
    live?.stop();
  }
  const elapsedMs = Math.round(performance.now() - started);
  const deleted = result.deleted ?? 0;
  if (inv.json) return inv.out(json({ status: result.status, bucket: result.bucket, deleted, requests, elapsed_ms: elapsedMs }));
  const contents = plural(deleted, "version or delete marker", "versions and delete markers");
  inv.out(`Deleted bucket ${result.bucket} and its ${contents} (${plural(requests, "request")}, ${(elapsedMs / 1000).toFixed(1)} s)\n`);
}
