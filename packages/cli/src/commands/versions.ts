import { versionEntries, type ListVersionsOptions, type ListVersionsResponse } from "@rahcp/client";
import type { Command } from "commander";
import { humanSize, json, plural, shortDate, table } from "../format";
import { action, type RunState } from "../invocation";
import { nextPageCommand } from "./objects";

interface ListVersionsFlags {
  prefix?: string;
  maxKeys?: number;
  keyMarker?: string;
  versionIdMarker?: string;
  all?: boolean;
}

async function allPages(pages: AsyncIterable<ListVersionsResponse>): Promise<ListVersionsResponse> {
  const merged: ListVersionsResponse = { versions: [], delete_markers: [], is_truncated: false, next_key_marker: null, next_version_id_marker: null, key_count: 0 };
  for await (const page of pages) {
    merged.versions.push(...page.versions);
    merged.delete_markers.push(...page.delete_markers);
    merged.key_count += page.key_count;
  }
  return merged;
}

export function addVersionsCommand(s3: Command, state: RunState, parsers: { maxKeys: (v: string) => number }): void {
  s3.command("versions")
    .summary("list object versions and delete markers of a bucket")
    .description(
      "List BUCKET's object versions and delete markers, one page at a time, by key and newest first. " +
        "Delete markers show DEL in the SIZE column; LATEST marks the current version of each key.",
    )
    .argument("<bucket>", "bucket whose versions to list")
    .option("--prefix <prefix>", "only keys that begin with this prefix")
    .option("--max-keys <n>", "page size, 1-1000 (server default 1000)", parsers.maxKeys)
    .option("--key-marker <key>", "start after this key (from a previous next-page hint)")
    .option("--version-id-marker <id>", "with --key-marker: start after this version of the key")
    .option("--all", "follow every page and print one listing")
    .addHelpText("after", "\nExamples:\n  rahcp s3 versions my-bucket --prefix logs/\n  rahcp s3 versions my-bucket --all --json")
    .action(
      action(state, async (inv, bucket: string, flags: ListVersionsFlags) => {
        const client = await inv.client();
        const options: ListVersionsOptions = {
          ...(flags.prefix !== undefined && { prefix: flags.prefix }),
          ...(flags.maxKeys !== undefined && { maxKeys: flags.maxKeys }),
          ...(flags.keyMarker !== undefined && { keyMarker: flags.keyMarker }),
          ...(flags.versionIdMarker !== undefined && { versionIdMarker: flags.versionIdMarker }),
        };
        const page = flags.all ? await allPages(client.s3.listVersionsPages(bucket, options)) : await client.s3.listVersions(bucket, options);
        if (inv.json) return inv.out(json(page));

        const entries = versionEntries(page);
        if (entries.length === 0) {
          inv.out(`No versions${flags.prefix ? ` under prefix ${flags.prefix}` : ""} in ${bucket}.\n`);
        } else {
          const rows = entries.map((e) => [
            shortDate(e.last_modified),
            e.kind === "version" ? humanSize(e.size) : "DEL",
            e.is_latest ? "yes" : "",
            e.version_id,
            e.key,
          ]);
          inv.out(
            table([{ header: "LAST MODIFIED (UTC)" }, { header: "SIZE", align: "right" }, { header: "LATEST" }, { header: "VERSION ID" }, { header: "KEY" }], rows),
          );
          const markers = page.delete_markers.length > 0 ? `, ${plural(page.delete_markers.length, "delete marker")}` : "";
          inv.out(`${plural(page.versions.length, "version")}${markers}${page.is_truncated ? " on this page" : ""}\n`);
        }
        if (page.is_truncated && page.next_key_marker !== null) {
          const words = ["s3", "versions", bucket];
          if (flags.prefix !== undefined) words.push("--prefix", flags.prefix);
          if (flags.maxKeys !== undefined) words.push("--max-keys", String(flags.maxKeys));
          words.push("--key-marker", page.next_key_marker);
          if (page.next_version_id_marker !== null) words.push("--version-id-marker", page.next_version_id_marker);
          inv.note(`More versions. Next page: ${nextPageCommand(inv, words)}  (or add --all)\n`);
        }
      }),
    );
}
