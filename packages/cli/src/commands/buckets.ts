import type { Command } from "commander";
import type { ListBucketsResponse } from "@rahcp/client";
import { json, plural, shortDate, table } from "../format";
import { action, type RunState } from "../invocation";
import { EXIT, UsageError } from "../exit-codes";
import { forceDeleteBucket } from "./force-delete";
import { listObjects, type ListObjectsFlags } from "./objects";

const OBJECT_ONLY_FLAGS = ["delimiter", "maxKeys", "all", "continuationToken"] as const;

export function addBucketCommands(s3: Command, state: RunState, parsers: { maxKeys: (v: string) => number }): void {
  s3.command("ls")
    .summary("list buckets, or the objects of BUCKET")
    .description(
      "Without BUCKET: list the buckets you may read (name, creation date), every page; --prefix filters them.\n" +
        "With BUCKET: list its objects, one page at a time (ListObjectsV2). With --delimiter, keys are rolled up " +
        "to the next delimiter and shown as PRE rows. A next-page hint is printed when the listing is truncated.",
    )
    .argument("[bucket]", "bucket whose objects to list")
    .option("--prefix <prefix>", "only keys (or, without BUCKET, bucket names) that begin with this prefix (e.g. data/)")
    .option("--delimiter <delimiter>", "roll keys up to this delimiter into prefixes (usually /)")
    .option("--max-keys <n>", "page size, 1-1000 (server default 1000)", parsers.maxKeys)
    .option("--continuation-token <token>", "start at this page (from a previous next-page hint)")
    .option("--all", "follow every page and print one listing")
    .addHelpText(
      "after",
      "\nExamples:\n  rahcp s3 ls\n  rahcp s3 ls my-bucket --prefix data/\n  rahcp s3 ls my-bucket --delimiter / --all\n  rahcp s3 ls my-bucket --json | jq -r '.objects[].key'",
    )
    .action(
      action(state, async (inv, bucket: string | undefined, flags: ListObjectsFlags) => {
        if (bucket !== undefined) return listObjects(inv, bucket, flags);
        const misplaced = OBJECT_ONLY_FLAGS.filter((name) => flags[name] !== undefined);
        if (misplaced.length > 0) {
          const names = misplaced.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
          throw new UsageError(`${names.join(", ")} ${names.length === 1 ? "applies" : "apply"} to object listings and ${names.length === 1 ? "needs" : "need"} a BUCKET: rahcp s3 ls BUCKET ${names[0]} ...`);
        }
        const client = await inv.client();
        const buckets = [];
        let owner: ListBucketsResponse["owner"] = null;
        for await (const page of client.s3.listBucketsPages(flags.prefix === undefined ? {} : { prefix: flags.prefix })) {
          buckets.push(...page.buckets);
          owner ??= page.owner;
        }
        const result: ListBucketsResponse = { buckets, owner, is_truncated: false, next_continuation_token: null };
        if (inv.json) return inv.out(json(result));
        if (result.buckets.length === 0) return inv.out("No buckets.\n");
        const rows = result.buckets.map((b) => [b.name, shortDate(b.creation_date)]);
        inv.out(table([{ header: "NAME" }, { header: "CREATED (UTC)" }], rows));
        const ownerName = result.owner?.display_name ?? result.owner?.id;
        inv.out(`${plural(result.buckets.length, "bucket")}${ownerName ? `, owner ${ownerName}` : ""}\n`);
      }),
    );

  s3.command("mb")
    .summary("make (create) a bucket")
    .description("Create BUCKET. Exit 4 if a bucket with that name already exists (whoever owns it).")
    .argument("<bucket>", "name of the new bucket (HCP naming rules: 3-63 characters, a-z 0-9 and -, no dots)")
    .action(
      action(state, async (inv, bucket: string) => {
        const result = await (await inv.client()).s3.createBucket(bucket);
        inv.out(inv.json ? json(result) : `Created bucket ${result.bucket}\n`);
      }),
    );

  s3.command("rb")
    .summary("remove (delete) a bucket: an empty one, or with --force everything in it")
    .description(
      "Delete BUCKET. It must be empty: exit 4 while objects, versions or delete markers remain; exit 1 if it does not exist.\n" +
        "With --force (needs the admin scope): first delete every object version, delete marker and in-progress multipart " +
        "upload in it, over as many API requests as that takes. You are asked to type the bucket name unless --yes is given; " +
        "without a terminal and without --yes it refuses (exit 2). On a terminal, stderr shows the progress. Versions that " +
        "cannot be deleted (object-lock retention, legal hold) stay with the bucket: exit 4 naming them. Interrupting is " +
        "safe: the same command later continues where the bucket stands.",
    )
    .argument("<bucket>", "bucket to delete")
    .option("--force", "delete everything in the bucket first (all versions, delete markers and multipart uploads)")
    .option("-y, --yes", "with --force: do not ask for confirmation (scripts)")
    .addHelpText("after", "\nExamples:\n  rahcp s3 rb my-bucket\n  rahcp s3 rb my-bucket --force\n  rahcp s3 rb my-bucket --force --yes --json")
    .action(
      action(state, async (inv, bucket: string, flags: { force?: boolean; yes?: boolean }) => {
        if (flags.force) return forceDeleteBucket(inv, bucket, { yes: flags.yes === true });
        if (flags.yes) throw new UsageError("--yes confirms --force and means nothing without it: rahcp s3 rb BUCKET --force --yes");
        const result = await (await inv.client()).s3.deleteBucket(bucket);
        inv.out(inv.json ? json(result) : `Deleted bucket ${result.bucket}\n`);
      }),
    );

  s3.command("exists")
    .summary("check whether a bucket exists (exit 0 yes, 1 no)")
    .description("Exit 0 if BUCKET exists, 1 if it does not; other failures (token, network) keep their own exit codes.")
    .argument("<bucket>", "bucket to check")
    .addHelpText("after", "\nExample:\n  rahcp s3 exists my-bucket || rahcp s3 mb my-bucket")
    .action(
      action(state, async (inv, bucket: string) => {
        const exists = await (await inv.client()).s3.bucketExists(bucket);
        inv.out(inv.json ? json({ bucket, exists }) : `Bucket ${bucket} ${exists ? "exists" : "does not exist"}\n`);
        return exists ? EXIT.ok : EXIT.notFound;
      }),
    );
}
