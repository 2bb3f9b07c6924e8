/**
 * `npm run seed -- BUCKET …`: development test data (objects, versions, delete markers, multipart
 * uploads) in the backend `npm start` serves, so listing, paging, versions and force delete can be
 * tried locally. Exit 0 done, 1 failed (backend, busy data dir), 2 bad arguments.
 */
import { StoreError } from "@rahcp/core";
import { DataDirBusyError } from "./embedded-store";
import { dataDirFromEnv } from "./local-settings";
import { openSeedTarget, seed } from "./seed";
import { parseSeedArgs, SEED_USAGE, UsageError } from "./seed-args";

const PROGRESS_EVERY_MS = 5_000;

function describe(error: unknown): string {
  if (error instanceof StoreError) {
    const detail = error.message === error.code ? "" : `: ${error.message}`;
    return `the backend answered ${error.code}${error.bucket ? ` for bucket ${error.bucket}` : ""}${detail}`;
  }
  if (error instanceof UsageError || (error instanceof Error && error.name === "Error")) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseSeedArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`seed: ${error.message}\n\n${SEED_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${SEED_USAGE}\n`);
    return 0;
  }
  const dataDir = dataDirFromEnv();
  let target;
  try {
    target = await openSeedTarget(dataDir, args.tenant);
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    // The embedded store keeps its whole index in memory and owns its files: a second writer would
    // go unseen by the server (and the server's writes would overwrite ours). The API has no object
    // writes to go through instead, so seeding waits for the server to stop.
    process.stderr.write(
      "seed: the embedded store is open in another process, most likely a running `npm start` or `npm run dev`.\n" +
        "      Stop the server (Ctrl-C), run the seed again, then start the server: it loads the new data.\n" +
        `      (${error.message})\n`,
    );
    return 1;
  }
  const started = Date.now();
  let lastReport = started;
  try {
    const summary = await seed(target, args, (done, total) => {
      const now = Date.now();
      if (now - lastReport < PROGRESS_EVERY_MS || done === total) return;
      lastReport = now;
      process.stderr.write(`seed: ${done} of ${total} writes…\n`);
    });
    const parts = [
      `${plural(summary.objects, "object")} × ${plural(args.versions, "version")}`,
      ...(summary.deleteMarkers ? [plural(summary.deleteMarkers, "delete marker")] : []),
      ...(summary.uploads ? [plural(summary.uploads, "multipart upload")] : []),
    ];
    const bucketNote = [summary.bucketCreated ? "created" : "existed", ...(summary.versioningEnabled ? ["versioning turned on"] : [])].join(", ");
    process.stdout.write(
      `seeded ${args.bucket} (${bucketNote}) in ${target.description}: ${parts.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `try: curl -s "http://localhost:\${PORT:-8000}/api/v1/buckets/${args.bucket}/objects?max_keys=10" -H "Authorization: Bearer $(npm run -s token${args.tenant ? ` -- --tenant ${args.tenant}` : ""})" | jq .\n`,
    );
    return 0;
  } finally {
    await target.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`seed: ${describe(error)}\n`);
    // A tenant the configuration does not serve is a wrong argument too.
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
