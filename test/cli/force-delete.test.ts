import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { forceOneBatchPerRequest, seedObjects } from "../support/local-api";
import { localApiCli, SHORT_DATE } from "./harness";

/** `rahcp s3 rb --force` and `rahcp s3 uploads` against the real handlers behind the local server. */
const suite = localApiCli();
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const cli = suite.run;

const lines = (text: string) => text.trimEnd().split("\n");
const CLEAR_LINE = "\r\x1b[2K";

/** A versioned bucket holding 3 versions, 2 delete markers (5 entries to delete) and one multipart upload. */
async function filledBucket(bucket: string): Promise<void> {
  await suite.api.store.createBucket(bucket);
  await suite.api.store.putVersioning(bucket, "Enabled");
  await seedObjects(suite.api.store, bucket, "data/", 2);
  await suite.api.store.putObject(bucket, "data/000", "again");
  await suite.api.store.deleteObject(bucket, "data/000");
  await suite.api.store.deleteObject(bucket, "data/001");
  await suite.api.store.createMultipartUpload(bucket, "uploads/big.bin");
}

async function entriesLeft(bucket: string): Promise<number> {
  const versions = await suite.api.store.listVersions({ bucket, maxKeys: 1000 });
  const uploads = await suite.api.store.listUploads({ bucket, maxUploads: 1000 });
  return versions.versions.length + versions.deleteMarkers.length + uploads.uploads.length;
}

describe("rahcp s3 rb BUCKET --force", () => {
  it("--yes deletes every version, delete marker and upload, then the bucket, over as many requests as it takes", async () => {
    await filledBucket("cli-force-yes");
    forceOneBatchPerRequest(suite.api.store); // the versions in one request, the upload in the next
    const result = await cli(["s3", "rb", "cli-force-yes", "--force", "--yes"]);
    expect(result.stderr).toBe(""); // not a terminal: no prompt, no progress line
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Deleted bucket cli-force-yes and its 5 versions and delete markers \(2 requests, \d+\.\d s\)\n$/);
    expect(await cli(["s3", "exists", "cli-force-yes"])).toMatchObject({ code: 1 });
    expect(suite.api.store.deleteVersions).toHaveBeenCalled(); // the slowed store is the one the API uses
  });

  it("asks to type the bucket name on a terminal, and deletes once it matches", async () => {
    await filledBucket("cli-force-typed");
    const result = await cli(["s3", "rb", "cli-force-typed", "--force"], { terminal: { stdin: true }, stdin: "cli-force-typed\n" });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "This deletes bucket cli-force-typed and everything in it: every object version, delete marker and in-progress multipart upload. It cannot be undone.\n" +
        "Type the bucket name to confirm: cli-force-typed\n",
    );
    expect(result.stdout).toMatch(/^Deleted bucket cli-force-typed and its 5 versions and delete markers \(1 request, \d+\.\d s\)\n$/);
    expect(await cli(["s3", "exists", "cli-force-typed"])).toMatchObject({ code: 1 });
  });

  it("a different name, or no answer (Ctrl-D), exits 2 and deletes nothing", async () => {
    await filledBucket("cli-force-wrong");
    const wrong = await cli(["s3", "rb", "cli-force-wrong", "--force"], { terminal: { stdin: true }, stdin: "cli-force\n" });
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe("");
    expect(lines(wrong.stderr).at(-1)).toBe('rahcp: "cli-force" is not the bucket\'s name: nothing was deleted');
    const none = await cli(["s3", "rb", "cli-force-wrong", "--force"], { terminal: { stdin: true } });
    expect(none.code).toBe(2);
    expect(lines(none.stderr).slice(-2)).toEqual(["Type the bucket name to confirm: ", "rahcp: not confirmed: nothing was deleted"]);
    expect(await entriesLeft("cli-force-wrong")).toBe(6);
  });

  it("without a terminal and without --yes it refuses (exit 2) before any request", async () => {
    await filledBucket("cli-force-script");
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const refused = await cli(["s3", "rb", "cli-force-script", "--force"], { stdin: "cli-force-script\n", fetch: counting });
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "rahcp: refusing to force-delete bucket cli-force-script without confirmation: standard input is not a terminal to type it on. " +
        "Nothing was deleted. Pass --yes to confirm in scripts.\n",
    });
    expect(requests).toBe(0);
    const asJson = await cli(["s3", "rb", "cli-force-script", "--force", "--json"]);
    expect(asJson.code).toBe(2);
    expect(JSON.parse(asJson.stderr)).toEqual({ error: { status: 0, code: "NotConfirmed", detail: expect.stringContaining("Pass --yes"), request_id: null } });
    expect(await entriesLeft("cli-force-script")).toBe(6);
  });

  it("--json prints the final summary: everything deleted, requests, time", async () => {
    await filledBucket("cli-force-json");
    forceOneBatchPerRequest(suite.api.store);
    const result = await cli(["s3", "rb", "cli-force-json", "--force", "--yes", "--json"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual({ status: "deleted", bucket: "cli-force-json", deleted: 5, requests: 2, elapsed_ms: expect.any(Number) });
  });

  it("shows one live progress line on a terminal's stderr, redrawn in place and cleared at the end", async () => {
    await filledBucket("cli-force-live");
    forceOneBatchPerRequest(suite.api.store);
    const result = await cli(["s3", "rb", "cli-force-live", "--force", "--yes"], { terminal: { stderr: true } });
    expect(result.code).toBe(0);
    const draws = result.stderr.split(CLEAR_LINE);
    expect(draws[0]).toBe(""); // every write starts by clearing the line: nothing scrolls
    expect(draws[1]).toMatch(/^Emptying cli-force-live: 0 versions and markers deleted, 0 s$/);
    expect(draws).toContainEqual(expect.stringMatching(/^Emptying cli-force-live: 5 versions and markers deleted, \d+\/s, \d+ s$/));
    expect(draws.at(-1)).toBe(""); // cleared before the summary
    expect(result.stderr).not.toContain("\n");
    expect(result.stdout).toMatch(/^Deleted bucket cli-force-live and its 5 versions and delete markers \(2 requests/);
  });

  it("versions under retention stay with the bucket: exit 4 naming them; a token without admin exits 3", async () => {
    await suite.api.store.createBucket("cli-force-locked", { objectLock: true });
    const kept = await suite.api.store.putObject("cli-force-locked", "keep.txt", "retained");
    await suite.api.store.putObject("cli-force-locked", "go.txt", "x");
    await suite.api.store.putObjectRetention("cli-force-locked", "keep.txt", kept.versionId, { mode: "COMPLIANCE", retainUntil: new Date(Date.now() + 3_600_000) });

    const writer = await cli(["s3", "rb", "cli-force-locked", "--force", "--yes"], { token: await suite.api.mint(["buckets:write"]) });
    expect(writer.code).toBe(3);
    expect(writer.stderr).toMatch(/^rahcp: permission denied: .*\(InsufficientScope, HTTP 403, request id \S+\)\n$/);

    const blocked = await cli(["s3", "rb", "cli-force-locked", "--force", "--yes"], { terminal: { stderr: true } });
    expect(blocked.code).toBe(4);
    expect(blocked.stdout).toBe("");
    const errorLine = blocked.stderr.slice(blocked.stderr.lastIndexOf(CLEAR_LINE) + CLEAR_LINE.length); // the progress line is cleared first
    expect(errorLine).toMatch(new RegExp(`^rahcp: Bucket 'cli-force-locked' is not empty: 1 version could not be deleted .*'keep\\.txt' \\(version ${kept.versionId}\\).*BucketNotEmpty, HTTP 409`));
    expect(await entriesLeft("cli-force-locked")).toBe(1);
  });

  it("plain rb is unchanged (exit 4 on a non-empty bucket), and --yes without --force is a usage error", async () => {
    await filledBucket("cli-force-plain");
    const plain = await cli(["s3", "rb", "cli-force-plain"]);
    expect(plain.code).toBe(4);
    expect(plain.stderr).toContain("(BucketNotEmpty, HTTP 409");
    const yes = await cli(["s3", "rb", "cli-force-plain", "--yes"]);
    expect(yes).toEqual({ code: 2, stdout: "", stderr: "rahcp: --yes confirms --force and means nothing without it: rahcp s3 rb BUCKET --force --yes (add --help for usage)\n" });
    expect(await entriesLeft("cli-force-plain")).toBe(6);
  });
});

describe("rahcp s3 uploads BUCKET", () => {
  let uploadIds: string[];
  beforeAll(async () => {
    await suite.api.store.createBucket("cli-uploads");
    uploadIds = [];
    for (const key of ["a.bin", "a.bin", "b.bin", "logs/c.bin"]) uploadIds.push(await suite.api.store.createMultipartUpload("cli-uploads", key));
    await suite.api.store.createBucket("cli-uploads-none");
  });

  it("prints a table of key, upload id and start, with a summary", async () => {
    const result = await cli(["s3", "uploads", "cli-uploads"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = lines(result.stdout);
    expect(header).toMatch(/^INITIATED \(UTC\) +UPLOAD ID +KEY$/);
    expect(rows.slice(0, -1).map((row) => row.split(/ {2,}/).slice(1))).toEqual(
      expect.arrayContaining([[uploadIds[2], "b.bin"], [uploadIds[3], "logs/c.bin"]]),
    );
    expect(rows.slice(0, -1).map((row) => row.split(/ {2,}/).at(-1))).toEqual(["a.bin", "a.bin", "b.bin", "logs/c.bin"]);
    expect(rows[0]).toMatch(new RegExp(`^${SHORT_DATE.source} `));
    expect(rows.at(-1)).toBe("4 uploads");
  });

  it("pages with --max-uploads and a next-page hint that fetches the next page; --all follows every page", async () => {
    const first = await cli(["s3", "uploads", "cli-uploads", "--max-uploads", "3"]);
    expect(lines(first.stdout).at(-1)).toBe("3 uploads on this page");
    const hint = /^More uploads\. Next page: rahcp (s3 uploads cli-uploads --max-uploads 3 --key-marker b\.bin --upload-id-marker (\S+)) {2}\(or add --all\)\n$/.exec(first.stderr);
    expect(hint, first.stderr).not.toBeNull();
    const second = await cli(hint![1]!.split(" ").map((word) => word.replace(/^'(.*)'$/, "$1")));
    expect(lines(second.stdout).slice(1)).toEqual([expect.stringMatching(/ logs\/c\.bin$/), "1 upload"]);
    expect(second.stderr).toBe("");

    const all = await cli(["s3", "uploads", "cli-uploads", "--max-uploads", "1", "--all"]);
    expect(all.stderr).toBe("");
    expect(lines(all.stdout).at(-1)).toBe("4 uploads");
  });

  it("--json prints the API's page (or every page merged), --prefix filters", async () => {
    const page = JSON.parse((await cli(["s3", "uploads", "cli-uploads", "--max-uploads", "2", "--json"])).stdout) as Record<string, unknown>;
    expect(Object.keys(page).sort()).toEqual(["is_truncated", "next_key_marker", "next_upload_id_marker", "uploads"]);
    expect(page).toMatchObject({ is_truncated: true, next_key_marker: "a.bin", next_upload_id_marker: expect.any(String) });
    const all = JSON.parse((await cli(["s3", "uploads", "cli-uploads", "--max-uploads", "1", "--all", "--json"])).stdout) as { uploads: { key: string; upload_id: string }[] };
    expect(all).toMatchObject({ is_truncated: false, next_key_marker: null, next_upload_id_marker: null });
    expect(all.uploads.map((u) => u.upload_id).sort()).toEqual([...uploadIds].sort());
    const logs = JSON.parse((await cli(["s3", "uploads", "cli-uploads", "--prefix", "logs/", "--json"])).stdout) as { uploads: { key: string }[] };
    expect(logs.uploads.map((u) => u.key)).toEqual(["logs/c.bin"]);
  });

  it("says so when there are none, exits 1 for a missing bucket and 2 for a bad page size", async () => {
    expect(await cli(["s3", "uploads", "cli-uploads-none"])).toEqual({ code: 0, stdout: "No in-progress multipart uploads in cli-uploads-none.\n", stderr: "" });
    expect((await cli(["s3", "uploads", "cli-uploads", "--prefix", "zzz/"])).stdout).toBe("No in-progress multipart uploads under prefix zzz/ in cli-uploads.\n");
    const missing = await cli(["s3", "uploads", "cli-uploads-missing"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("(NoSuchBucket, HTTP 404");
    const bad = await cli(["s3", "uploads", "cli-uploads", "--max-uploads", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("max-uploads must be an integer from 1 to 1000");
  });
});
