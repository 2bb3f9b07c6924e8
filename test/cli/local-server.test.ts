import { beforeAll, describe, expect, it, vi } from "vitest";
import { seedObjects } from "../support/local-api";
import { localApiCli, SHORT_DATE } from "./harness";

/** Every command against the real handlers behind the local server, on the embedded store. */
const suite = localApiCli();
const cli = (...args: string[]) => suite.run(args);

const lines = (text: string) => text.trimEnd().split("\n");
const DATE = SHORT_DATE.source;

describe("rahcp whoami", () => {
  it("shows subject, tenant, groups, scopes and grants, never the token", async () => {
    const token = await suite.api.issuer.mint({ subject: "alice", groups: ["team-a", "ops"], tenant: "default", scopes: ["buckets:write"] });
    const result = await suite.run(["whoami"], { token });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(lines(result.stdout)).toEqual([
      "subject:     alice",
      "tenant:      default",
      "groups:      team-a, ops",
      "scopes:      buckets:write",
      "permissions: read, write",
      "",
      "TENANT   BUCKETS  ALLOW       RULE",
      "default  *        read,write  (scopes, no policy)",
    ]);
    expect(result.stdout).not.toContain(token);
    const asJson = await suite.run(["whoami", "--json"], { token });
    expect(JSON.parse(asJson.stdout)).toMatchObject({ sub: "alice", tenant: "default", permissions: ["read", "write"] });
  });
});

describe("rahcp s3 ls / mb / rb / exists", () => {
  it("ls without a bucket follows every page, and --prefix filters bucket names", async () => {
    for (const bucket of ["cli-pfx-a", "cli-pfx-b"]) await cli("s3", "mb", bucket);
    const listed = await cli("s3", "ls", "--prefix", "cli-pfx-", "--json");
    expect(JSON.parse(listed.stdout)).toMatchObject({ buckets: [{ name: "cli-pfx-a" }, { name: "cli-pfx-b" }], is_truncated: false });
    for (const bucket of ["cli-pfx-a", "cli-pfx-b"]) await cli("s3", "rb", bucket);
  });

  it("mb creates, ls shows an aligned table, rb deletes", async () => {
    expect(await cli("s3", "mb", "cli-life")).toEqual({ code: 0, stdout: "Created bucket cli-life\n", stderr: "" });
    const listed = await cli("s3", "ls");
    expect(listed.code).toBe(0);
    const [header, ...rows] = lines(listed.stdout);
    expect(header).toMatch(/^NAME +CREATED \(UTC\)$/);
    const row = rows.find((r) => r.startsWith("cli-life "));
    expect(row).toMatch(new RegExp(`^cli-life +${DATE}$`));
    expect(row!.indexOf(row!.match(SHORT_DATE)![0])).toBe(header!.indexOf("CREATED")); // aligned
    expect(rows.at(-1)).toMatch(/^\d+ buckets?, owner \S+/);

    expect(await cli("s3", "exists", "cli-life")).toMatchObject({ code: 0, stdout: "Bucket cli-life exists\n" });
    expect(await cli("s3", "rb", "cli-life")).toEqual({ code: 0, stdout: "Deleted bucket cli-life\n", stderr: "" });
    expect(await cli("s3", "exists", "cli-life")).toMatchObject({ code: 1, stdout: "Bucket cli-life does not exist\n" });
  });

  it("--json prints the API's responses", async () => {
    expect(JSON.parse((await cli("s3", "mb", "cli-json", "--json")).stdout)).toEqual({ status: "created", bucket: "cli-json" });
    const listed = JSON.parse((await cli("--json", "s3", "ls")).stdout) as { buckets: { name: string; creation_date: string }[]; owner: unknown };
    expect(listed.buckets.find((b) => b.name === "cli-json")?.creation_date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(listed.owner).toBeTruthy();
    expect(JSON.parse((await cli("s3", "exists", "cli-json", "--json")).stdout)).toEqual({ bucket: "cli-json", exists: true });
    const missing = await cli("s3", "exists", "cli-json-missing", "--json");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ bucket: "cli-json-missing", exists: false });
    expect(JSON.parse((await cli("s3", "rb", "cli-json", "--json")).stdout)).toEqual({ status: "deleted", bucket: "cli-json" });
  });

  it("exit codes: 4 for a taken name or a non-empty bucket, 1 for a missing one, 2 for an invalid name", async () => {
    await cli("s3", "mb", "cli-codes");
    const taken = await cli("s3", "mb", "cli-codes");
    expect(taken.code).toBe(4);
    expect(taken.stderr).toMatch(/^rahcp: Bucket 'cli-codes' already exists \(BucketAlreadyOwnedByYou, HTTP 409, request id [\w-]+=\)\n$/);

    await suite.api.store.putObject("cli-codes", "file.txt", "x");
    const notEmpty = await cli("s3", "rb", "cli-codes");
    expect(notEmpty.code).toBe(4);
    expect(notEmpty.stderr).toContain("(BucketNotEmpty, HTTP 409, request id ");

    const missing = await cli("s3", "rb", "cli-codes-missing");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^rahcp: Bucket 'cli-codes-missing' does not exist \(NoSuchBucket, HTTP 404, request id [\w-]+=\)\n$/);

    const invalid = await cli("s3", "mb", "Bad_Name");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/HTTP 400, request id /);
  });

  it("a bad token exits 3 with a clear one-line message", async () => {
    const result = await suite.run(["s3", "ls"], { token: "not-a-jwt" });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^rahcp: authentication failed: Token is not a well-formed JWT \(Unauthorized, HTTP 401, request id [\w-]+=\)\. Check the token: --token, RAHCP_TOKEN or the profile's token \(for the local server: npm run token\)\.\n$/,
    );
  });

  it("a token without the write scope exits 3 (permission denied)", async () => {
    const reader = await suite.api.mint(["buckets:read"]);
    const result = await suite.run(["s3", "mb", "cli-denied"], { token: reader });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^rahcp: permission denied: .*HTTP 403, request id [\w-]+=\)\n$/);
  });
});

describe("rahcp s3 ls BUCKET", () => {
  let keys: string[];
  beforeAll(async () => {
    await cli("s3", "mb", "cli-objects");
    keys = await seedObjects(suite.api.store, "cli-objects", "data/part-", 25, 1536);
    await seedObjects(suite.api.store, "cli-objects", "logs/day-", 2, 10);
    await suite.api.store.putObject("cli-objects", "readme.txt", "x".repeat(3 * 1024 * 1024));
  });

  it("prints a table with sizes, short dates and a summary", async () => {
    const result = await cli("s3", "ls", "cli-objects", "--prefix", "data/");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const [header, ...rows] = lines(result.stdout);
    expect(header).toBe("LAST MODIFIED (UTC)     SIZE  KEY");
    expect(rows).toHaveLength(26);
    expect(rows[0]).toMatch(new RegExp(`^${DATE}     1\\.5 KiB  data/part-000$`));
    expect(rows.at(-1)).toBe("25 objects (37.5 KiB)");
  });

  it("rolls keys up with --delimiter into PRE rows", async () => {
    const result = await cli("s3", "ls", "cli-objects", "--delimiter", "/");
    expect(lines(result.stdout)).toEqual([
      "LAST MODIFIED (UTC)     SIZE  KEY",
      "                         PRE  data/",
      "                         PRE  logs/",
      expect.stringMatching(new RegExp(`^${DATE}     3\\.0 MiB  readme\\.txt$`)),
      "1 object (3.0 MiB), 2 prefixes",
    ]);
  });

  it("prints a next-page hint on stderr when truncated, and the hint fetches the next page", async () => {
    const first = await cli("s3", "ls", "cli-objects", "--prefix", "data/", "--max-keys", "10");
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toHaveLength(12);
    expect(lines(first.stdout).at(-1)).toBe("10 objects (15.0 KiB) on this page");
    const hint = /^More objects\. Next page: rahcp (s3 ls cli-objects --prefix data\/ --max-keys 10 --continuation-token (\S+)) {2}\(or add --all\)\n$/.exec(first.stderr);
    expect(hint, first.stderr).not.toBeNull();
    const second = await cli(...hint![1]!.split(" ").map((word) => word.replace(/^'(.*)'$/, "$1")));
    expect(lines(second.stdout).slice(1, 11).map((row) => row.split("  ").at(-1))).toEqual(keys.slice(10, 20));
  });

  it("--all follows every page into one table (and one JSON document)", async () => {
    const table = await cli("s3", "ls", "cli-objects", "--prefix", "data/", "--max-keys", "7", "--all");
    expect(table.stderr).toBe("");
    const rows = lines(table.stdout).slice(1, -1);
    expect(rows.map((row) => row.split("  ").at(-1))).toEqual(keys);
    expect(lines(table.stdout).at(-1)).toBe("25 objects (37.5 KiB)");

    const json = JSON.parse((await cli("s3", "ls", "cli-objects", "--max-keys", "4", "--all", "--json")).stdout) as {
      objects: { key: string; size: number; etag: string }[];
      is_truncated: boolean;
      next_continuation_token: string | null;
      key_count: number;
    };
    expect(json.objects.map((o) => o.key)).toEqual([...keys, "logs/day-000", "logs/day-001", "readme.txt"]);
    expect(json).toMatchObject({ is_truncated: false, next_continuation_token: null, key_count: 28 });
    expect(json.objects[0]).toMatchObject({ size: 1536, etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  });

  it("--json prints one page as the API returns it", async () => {
    const page = JSON.parse((await cli("s3", "ls", "cli-objects", "--max-keys", "2", "--json")).stdout) as Record<string, unknown>;
    expect(Object.keys(page).sort()).toEqual(["common_prefixes", "is_truncated", "key_count", "next_continuation_token", "objects"]);
    expect(page).toMatchObject({ is_truncated: true, key_count: 2 });
  });

  it("says so when nothing matches, and exits 1 for a missing bucket", async () => {
    expect(await cli("s3", "ls", "cli-objects", "--prefix", "nothing/")).toEqual({ code: 0, stdout: "No objects under prefix nothing/ in cli-objects.\n", stderr: "" });
    const missing = await cli("s3", "ls", "cli-objects-missing");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("(NoSuchBucket, HTTP 404");
  });
});

describe("rahcp s3 versioning / versions", () => {
  beforeAll(async () => {
    await cli("s3", "mb", "cli-versions");
  });

  it("shows, enables and suspends versioning", async () => {
    expect(await cli("s3", "versioning", "cli-versions")).toEqual({ code: 0, stdout: "Versioning of cli-versions: never enabled\n", stderr: "" });
    expect(JSON.parse((await cli("s3", "versioning", "cli-versions", "--json")).stdout)).toEqual({ status: null, mfa_delete: null });
    expect(await cli("s3", "versioning", "cli-versions", "enable")).toEqual({ code: 0, stdout: "Versioning of cli-versions: Enabled\n", stderr: "" });
    expect(JSON.parse((await cli("s3", "versioning", "cli-versions", "suspend", "--json")).stdout)).toEqual({ status: "updated", versioning: "Suspended" });
    expect((await cli("s3", "versioning", "cli-versions")).stdout).toBe("Versioning of cli-versions: Suspended\nMFA delete: Disabled\n");
    await cli("s3", "versioning", "cli-versions", "enable");
  });

  it("lists versions and delete markers, with hint, --all and --json", async () => {
    for (let i = 0; i < 3; i++) await suite.api.store.putObject("cli-versions", "doc.txt", "v".repeat(2048 * (i + 1)));
    await suite.api.store.putObject("cli-versions", "gone.txt", "g");
    await suite.api.store.deleteObject("cli-versions", "gone.txt");

    const all = await cli("s3", "versions", "cli-versions");
    expect(all.code).toBe(0);
    const [header, ...rows] = lines(all.stdout);
    expect(header).toMatch(/^LAST MODIFIED \(UTC\) +SIZE {2}LATEST {2}VERSION ID +KEY$/);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(new RegExp(`^${DATE}  +6\\.0 KiB  yes  +\\S+ +doc\\.txt$`));
    expect(rows[2]).toMatch(new RegExp(`^${DATE}  +2\\.0 KiB  +\\S+ +doc\\.txt$`));
    expect(rows[3]).toMatch(new RegExp(`^${DATE}  +DEL  yes  +\\S+ +gone\\.txt$`));
    expect(rows[4]).toMatch(/ 1 B  +\S+ +gone\.txt$/);
    expect(rows[5]).toBe("4 versions, 1 delete marker");

    const paged = await cli("s3", "versions", "cli-versions", "--max-keys", "2");
    expect(lines(paged.stdout).at(-1)).toBe("2 versions on this page");
    expect(paged.stderr).toMatch(/^More versions\. Next page: rahcp s3 versions cli-versions --max-keys 2 --key-marker doc\.txt --version-id-marker \S+ {2}\(or add --all\)\n$/);

    const everything = await cli("s3", "versions", "cli-versions", "--max-keys", "1", "--all");
    expect(everything.stderr).toBe("");
    expect(lines(everything.stdout).slice(1)).toEqual(rows);

    const json = JSON.parse((await cli("s3", "versions", "cli-versions", "--max-keys", "2", "--all", "--json")).stdout) as {
      versions: { key: string }[];
      delete_markers: { key: string }[];
      is_truncated: boolean;
    };
    expect(json.versions.map((v) => v.key)).toEqual(["doc.txt", "doc.txt", "doc.txt", "gone.txt"]);
    expect(json.delete_markers.map((m) => m.key)).toEqual(["gone.txt"]);
    expect(json.is_truncated).toBe(false);

    expect((await cli("s3", "versions", "cli-versions", "--prefix", "doc")).stdout).toContain("3 versions\n");
  });
});

describe("rahcp s3 acl", () => {
  beforeAll(async () => {
    await cli("s3", "mb", "cli-acl");
  });

  it("shows the owner and grants as a table and as JSON", async () => {
    const table = await cli("s3", "acl", "cli-acl");
    expect(table.code).toBe(0);
    expect(lines(table.stdout)).toEqual([
      expect.stringMatching(/^Owner: \S+/),
      expect.stringMatching(/^GRANTEE +TYPE {11}PERMISSION$/),
      expect.stringMatching(/^\S.* +CanonicalUser {2}FULL_CONTROL$/),
    ]);
    const json = JSON.parse((await cli("s3", "acl", "cli-acl", "--json")).stdout) as { owner: { ID: string }; grants: unknown[] };
    expect(json.owner.ID).toEqual(expect.any(String));
    expect(json.grants).toHaveLength(1);
  });

  it("--set FILE replaces the ACL (policy shape or the --json output shape)", async () => {
    const saved = JSON.parse((await cli("s3", "acl", "cli-acl", "--json")).stdout) as { owner: { ID: string }; grants: unknown[] };
    const policy = {
      Owner: { ID: saved.owner.ID },
      Grants: [
        { Grantee: { Type: "CanonicalUser", ID: saved.owner.ID }, Permission: "FULL_CONTROL" },
        { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
      ],
    };
    const file = await suite.box.writeFile("acl.json", JSON.stringify(policy));
    // Public grants are blocked unless the stage allows them (the API runs in this process).
    const blocked = await cli("s3", "acl", "cli-acl", "--set", file);
    expect(blocked).toMatchObject({ code: 3, stdout: "" });
    expect(blocked.stderr).toContain("(PublicAclBlocked, HTTP 403");
    vi.stubEnv("ALLOW_PUBLIC_ACL", "true");
    expect(await cli("s3", "acl", "cli-acl", "--set", file)).toEqual({ code: 0, stdout: "Replaced the ACL of cli-acl (2 grants)\n", stderr: "" });
    vi.unstubAllEnvs();
    const shown = await cli("s3", "acl", "cli-acl");
    expect(shown.stdout).toMatch(/http:\/\/acs\.amazonaws\.com\/groups\/global\/AllUsers +Group +READ\n/);

    // Round trip: what --json printed goes back through --set unchanged (back to the single owner grant).
    await suite.box.writeFile("saved.json", JSON.stringify(saved));
    expect(JSON.parse((await cli("s3", "acl", "cli-acl", "--set", "saved.json", "--json")).stdout)).toEqual({ status: "updated", bucket: "cli-acl" });
    expect((JSON.parse((await cli("s3", "acl", "cli-acl", "--json")).stdout) as { grants: unknown[] }).grants).toEqual(saved.grants);
  });

  it("--set - reads standard input", async () => {
    const saved = (await cli("s3", "acl", "cli-acl", "--json")).stdout;
    const result = await suite.run(["s3", "acl", "cli-acl", "--set", "-"], { stdin: saved });
    expect(result).toMatchObject({ code: 0, stdout: "Replaced the ACL of cli-acl (1 grant)\n" });
  });

  it("bad files are usage errors (exit 2), and so is a policy the API refuses", async () => {
    await suite.box.writeFile("broken.json", "{ not json");
    const broken = await cli("s3", "acl", "cli-acl", "--set", "broken.json");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^rahcp: broken\.json is not valid JSON: /);

    const missing = await cli("s3", "acl", "cli-acl", "--set", "no-such-file.json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^rahcp: cannot read no-such-file\.json: ENOENT/);

    await suite.box.writeFile("shape.json", JSON.stringify({ hello: "world" }));
    expect((await cli("s3", "acl", "cli-acl", "--set", "shape.json")).stderr).toContain("must hold an ACL policy");

    await suite.box.writeFile("refused.json", JSON.stringify({ Owner: { ID: "x" }, Grants: [{ Grantee: { Type: "CanonicalUser", ID: "x" }, Permission: "EVERYTHING" }] }));
    const refused = await cli("s3", "acl", "cli-acl", "--set", "refused.json");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Permission must be one of .*HTTP 400, request id /);
  });
});
