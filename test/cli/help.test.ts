import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rahcp, sandbox, type Sandbox } from "./harness";

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(() => box.remove());

const help = async (...args: string[]) => {
  const result = await rahcp([...args, "--help"], { sandbox: box });
  expect(result.code).toBe(0);
  expect(result.stderr).toBe("");
  return result.stdout;
};

describe("--help", () => {
  it("rahcp --help lists global options, commands, configuration, precedence and exit codes", async () => {
    const text = await help();
    for (const expected of ["--endpoint <url>", "--token <jwt>", "--profile <name>", "--json", "--timeout <seconds>", "--retries <n>", "s3", "config", "completion"]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain("~/.rahcp/config.yaml, or the file named by RAHCP_CONFIG");
    expect(text).toContain("RAHCP_ENDPOINT, RAHCP_TOKEN, RAHCP_PROFILE, RAHCP_CONFIG");
    expect(text).toMatch(/Exit codes:\n {2}0 {2}success\n {2}1 {2}not found[^\n]*\n {2}2 {2}usage[^\n]*\n {2}3 {2}authentication[^\n]*\n {2}4 {2}conflict[^\n]*\n {2}5 {2}server or network/);
  });

  it("rahcp s3 --help lists every bucket command", async () => {
    const text = await help("s3");
    for (const command of ["ls", "mb", "rb", "exists", "versioning", "versions", "uploads", "acl"]) expect(text).toMatch(new RegExp(`^  ${command}\\b`, "m"));
  });

  it.each([
    [["s3", "ls"], ["[bucket]", "--prefix <prefix>", "--delimiter <delimiter>", "--max-keys <n>", "--continuation-token <token>", "--all", "rahcp s3 ls my-bucket --prefix data/"]],
    [["s3", "mb"], ["<bucket>", "HCP naming rules: 3-63 characters, a-z 0-9 and -, no dots", "Exit 4 if a bucket with that name already exists"]],
    [["s3", "rb"], ["<bucket>", "must be empty", "--force", "-y, --yes", "type the bucket name", "refuses (exit 2)", "rahcp s3 rb my-bucket --force --yes --json"]],
    [["s3", "exists"], ["<bucket>", "Exit 0 if BUCKET exists, 1 if it does not"]],
    [["s3", "versioning"], ["<bucket>", "[state]", 'choices: "enable", "suspend"', "can only be suspended"]],
    [["s3", "versions"], ["<bucket>", "--prefix <prefix>", "--max-keys <n>", "--key-marker <key>", "--version-id-marker <id>", "--all", "DEL"]],
    [["s3", "uploads"], ["<bucket>", "--prefix <prefix>", "--max-uploads <n>", "--key-marker <key>", "--upload-id-marker <id>", "--all", "rb BUCKET --force"]],
    [["s3", "acl"], ["<bucket>", "--set <file>", "FULL_CONTROL", "CanonicalUser (ID), Group (URI)", "buckets:admin"]],
    [["config", "show"], ["never printed"]],
    [["completion"], ['choices: "bash", "zsh"', "~/.bashrc"]],
  ])("rahcp %j --help documents its arguments and options", async (command, expected) => {
    const text = (await help(...command)).replace(/\s+/g, " "); // commander wraps at 80 columns
    expect(text).toContain(`Usage: rahcp ${command.join(" ")}`);
    for (const fragment of expected) expect(text).toContain(fragment);
    // Global options are listed in every command's help.
    for (const global of ["--endpoint <url>", "--token <jwt>", "--profile <name>", "--json"]) expect(text).toContain(global);
  });

  it("prints the version", async () => {
    const result = await rahcp(["--version"], { sandbox: box });
    expect(result).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });
});

describe("usage errors exit 2 with one line on stderr", () => {
  it.each([
    [["s3", "frobnicate"], "rahcp: unknown command 'frobnicate'"],
    [["s3", "mb"], "rahcp: missing required argument 'bucket'"],
    [["s3", "ls", "b1", "--max-keys", "1001"], "rahcp: option '--max-keys <n>' argument '1001' is invalid. max-keys must be an integer from 1 to 1000."],
    [["s3", "ls", "b1", "--max-keys", "2.5"], "max-keys must be an integer from 1 to 1000"],
    [["s3", "versioning", "b1", "on"], "Allowed choices are enable, suspend"],
    [["s3", "ls", "--bogus"], "rahcp: unknown option '--bogus'"],
    [["--timeout", "0", "s3", "ls"], "timeout must be a positive number of seconds"],
    [["s3", "ls", "--delimiter", "/"], "rahcp: --delimiter applies to object listings and needs a BUCKET: rahcp s3 ls BUCKET --delimiter ..."],
    [["s3", "ls", "--all", "--max-keys", "5"], "rahcp: --max-keys, --all apply to object listings and need a BUCKET"],
    [["s3", "uploads", "b1", "--max-uploads", "1001"], "max-uploads must be an integer from 1 to 1000"],
    [["s3", "rb", "b1", "--yes"], "rahcp: --yes confirms --force and means nothing without it"],
  ])("rahcp %j", async (args, message) => {
    const result = await rahcp(args, { sandbox: box, env: { RAHCP_ENDPOINT: "http://unused.test", RAHCP_TOKEN: "t" } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/\(add --help for usage\)\n$/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("rahcp s3 without a command shows the s3 help and exits 2", async () => {
    const result = await rahcp(["s3"], { sandbox: box });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: rahcp s3");
  });
});

describe("shell completion", () => {
  it("prints a bash script that completes commands, options and choices", async () => {
    const result = await rahcp(["completion", "bash"], { sandbox: box });
    expect(result.code).toBe(0);
    const script = result.stdout;
    expect(script).toContain("complete -o default -F _rahcp_complete rahcp");
    const complete = async (line: string[]) => {
      const words = ["rahcp", ...line];
      const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _rahcp_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const { stdout } = await promisify(execFile)("bash", ["-c", program]);
      return stdout.trim().split("\n").filter(Boolean);
    };
    expect(await complete([""])).toEqual(expect.arrayContaining(["s3", "config", "completion", "--endpoint", "--json"]));
    expect(await complete(["s3", "v"])).toEqual(["versioning", "versions"]);
    expect(await complete(["s3", "u"])).toEqual(["uploads"]);
    expect(await complete(["s3", "rb", "b1", "--"])).toEqual(expect.arrayContaining(["--force", "--yes", "--json"]));
    expect(await complete(["--endpoint", "http://x", "s3", "ls", "--p"])).toEqual(["--prefix", "--profile"]);
    expect(await complete(["s3", "versioning", "b1", "e"])).toEqual(["enable"]);
    expect(await complete(["s3", "acl", "b1", "--s"])).toEqual(["--set"]);
  });

  it("zsh gets the same script through bashcompinit", async () => {
    const result = await rahcp(["completion", "zsh"], { sandbox: box });
    expect(result.stdout.split("\n")[0]).toBe("autoload -U +X bashcompinit && bashcompinit");
    expect(result.stdout).toContain("_rahcp_complete()");
  });
});
