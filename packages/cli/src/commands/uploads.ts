import type { ListUploadsOptions, ListUploadsResponse } from "@rahcp/client";
import type { Command } from "commander";
import { json, plural, shortDate, table } from "../format";
import { action, type RunState } from "../invocation";
import { nextPageCommand } from "./objects";

interface ListUploadsFlags {
  prefix?: string;
  maxUploads?: number;
  keyMarker?: string;
  uploadIdMarker?: string;
  all?: boolean;
}

async function allPages(pages: AsyncIterable<ListUploadsResponse>): Promise<ListUploadsResponse> {
  const merged: ListUploadsResponse = { uploads: [], is_truncated: false, next_key_marker: null, next_upload_id_marker: null };
  for await (const page of pages) merged.uploads.push(...page.uploads);
  return merged;
}

export function addUploadsCommand(s3: Command, state: RunState, parsers: { maxUploads: (v: string) => number }): void {
  s3.command("uploads")
    .summary("list in-progress multipart uploads of a bucket")
    .description(
      "List BUCKET's in-progress (not completed, not aborted) multipart uploads, one page at a time, by key then upload id. " +
        "They hold storage until completed or aborted; `rahcp s3 rb BUCKET --force` aborts them.",
    )
    .argument("<bucket>", "bucket whose uploads to list")
    .option("--prefix <prefix>", "only keys that begin with this prefix")
    .option("--max-uploads <n>", "page size, 1-1000 (server default 1000)", parsers.maxUploads)
    .option("--key-marker <key>", "start after this key (from a previous next-page hint)")
    .option("--upload-id-marker <id>", "with --key-marker: start after this upload of the key")
    .option("--all", "follow every page and print one listing")
    .addHelpText("after", "\nExamples:\n  rahcp s3 uploads my-bucket --prefix data/\n  rahcp s3 uploads my-bucket --all --json | jq -r '.uploads[].key'")
    .action(
      action(state, async (inv, bucket: string, flags: ListUploadsFlags) => {
        const client = await inv.client();
        const options: ListUploadsOptions = {
          ...(flags.prefix !== undefined && { prefix: flags.prefix }),
          ...(flags.maxUploads !== undefined && { maxUploads: flags.maxUploads }),
          ...(flags.keyMarker !== undefined && { keyMarker: flags.keyMarker }),
          ...(flags.uploadIdMarker !== undefined && { uploadIdMarker: flags.uploadIdMarker }),
        };
        const page = flags.all ? await allPages(client.s3.listUploadsPages(bucket, options)) : await client.s3.listUploads(bucket, options);
        if (inv.json) return inv.out(json(page));

        if (page.uploads.length === 0) {
          inv.out(`No in-progress multipart uploads${flags.prefix ? ` under prefix ${flags.prefix}` : ""} in ${bucket}.\n`);
        } else {
          const rows = page.uploads.map((u) => [shortDate(u.initiated), u.upload_id, u.key]);
          inv.out(table([{ header: "INITIATED (UTC)" }, { header: "UPLOAD ID" }, { header: "KEY" }], rows));
          inv.out(`${plural(page.uploads.length, "upload")}${page.is_truncated ? " on this page" : ""}\n`);
        }
        if (page.is_truncated && page.next_key_marker !== null) {
          const words = ["s3", "uploads", bucket];
          if (flags.prefix !== undefined) words.push("--prefix", flags.prefix);
          if (flags.maxUploads !== undefined) words.push("--max-uploads", String(flags.maxUploads));
          words.push("--key-marker", page.next_key_marker);
          if (page.next_upload_id_marker !== null) words.push("--upload-id-marker", page.next_upload_id_marker);
          inv.note(`More uploads. Next page: ${nextPageCommand(inv, words)}  (or add --all)\n`);
        }
      }),
    );
}
