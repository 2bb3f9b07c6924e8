import type { ListObjectsOptions, ListObjectsResponse } from "@rahcp/client";
import { humanSize, json, plural, shellQuote, shortDate, table } from "../format";
import type { Invocation } from "../invocation";

export interface ListObjectsFlags {
  prefix?: string;
  delimiter?: string;
  maxKeys?: number;
  continuationToken?: string;
  all?: boolean;
}

/** `--all`: every page folded into one response of the same shape. */
async function allPages(pages: AsyncIterable<ListObjectsResponse>): Promise<ListObjectsResponse> {
  const merged: ListObjectsResponse = { objects: [], common_prefixes: [], is_truncated: false, next_continuation_token: null, key_count: 0 };
  for await (const page of pages) {
    merged.objects.push(...page.objects);
    merged.common_prefixes.push(...page.common_prefixes);
    merged.key_count += page.key_count;
  }
  return merged;
}

/** The command that fetches the next page, with the same filters (never the token or endpoint). */
export function nextPageCommand(inv: Invocation, words: string[]): string {
  const profile = inv.flags.profile ? ["--profile", inv.flags.profile] : [];
  return ["rahcp", ...profile, ...words].map(shellQuote).join(" ");
}

export async function listObjects(inv: Invocation, bucket: string, flags: ListObjectsFlags): Promise<void> {
  const client = await inv.client();
  const options: ListObjectsOptions = {
    ...(flags.prefix !== undefined && { prefix: flags.prefix }),
    ...(flags.delimiter !== undefined && { delimiter: flags.delimiter }),
    ...(flags.maxKeys !== undefined && { maxKeys: flags.maxKeys }),
    ...(flags.continuationToken !== undefined && { continuationToken: flags.continuationToken }),
  };
  const page = flags.all ? await allPages(client.s3.listObjectsPages(bucket, options)) : await client.s3.listObjects(bucket, options);
  if (inv.json) return inv.out(json(page));

  const rows = [
    ...page.common_prefixes.map((prefix) => ["", "PRE", prefix]),
    ...page.objects.map((o) => [shortDate(o.last_modified), humanSize(o.size), o.key]),
  ];
  if (rows.length === 0) {
    inv.out(`No objects${flags.prefix ? ` under prefix ${flags.prefix}` : ""} in ${bucket}.\n`);
  } else {
    inv.out(table([{ header: "LAST MODIFIED (UTC)" }, { header: "SIZE", align: "right" }, { header: "KEY" }], rows));
    const total = page.objects.reduce((sum, o) => sum + o.size, 0);
    const prefixes = page.common_prefixes.length > 0 ? `, ${plural(page.common_prefixes.length, "prefix", "prefixes")}` : "";
    inv.out(`${plural(page.objects.length, "object")} (${humanSize(total)})${prefixes}${page.is_truncated ? " on this page" : ""}\n`);
  }
  if (page.is_truncated && page.next_continuation_token) {
    const words = ["s3", "ls", bucket];
    if (flags.prefix !== undefined) words.push("--prefix", flags.prefix);
    if (flags.delimiter !== undefined) words.push("--delimiter", flags.delimiter);
    if (flags.maxKeys !== undefined) words.push("--max-keys", String(flags.maxKeys));
    words.push("--continuation-token", page.next_continuation_token);
    inv.note(`More objects. Next page: ${nextPageCommand(inv, words)}  (or add --all)\n`);
  }
}
