import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { build } from "esbuild";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalApi, type LocalApi } from "../support/local-api";
import { nodeBinaries, runProcess, type ProcessResult } from "../support/processes";

/**
 * What a user gets: both packages packed with `npm pack` (which builds them), installed from the two
 * tarballs alone, offline and with an empty npm cache, into an empty project outside the repository,
 * then used as a user would with plain Node (20 and 24 where both are here), `tsc --strict` and the
 * installed `rahcp` bin, against the local server on loopback. Only the type-checker (the repository's
 * typescript and @types/node) comes from the repository.
 */

const REPO = join(import.meta.dirname, "../..");
const TSC = join(REPO, "node_modules/typescript/bin/tsc");
const NODES = nodeBinaries();
/** READMEs whose SDK snippet must run as written, and the name its copy gets in the consumer project. */
const README_SNIPPETS: [string, string][] = [
  ["packages/client/README.md", "client"],
  ["README.md", "root"],
];

interface PackedFile {
  path: string;
  size: number;
}
interface Packed {
  name: string;
  version: string;
  filename: string;
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

let api: LocalApi;
let dir: string;
let project: string;
let tarballs: Record<"client" | "cli", Packed>;
let installOutput: ProcessResult;

/** npm without the repository's or the developer's settings: an empty cache, no user .npmrc, no npm_* from `npm test`. */
function npmEnv(): Record<string, string | undefined> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return {
    ...inherited,
    HOME: dir,
    npm_config_cache: join(dir, "npm-cache"),
    npm_config_userconfig: join(dir, "no-npmrc"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
}

async function npm(args: string[], cwd: string): Promise<ProcessResult> {
  const result = await runProcess("npm", args, { cwd, env: npmEnv(), timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(`npm ${args.join(" ")} exited ${result.code}:\n${result.stderr.slice(-4_000)}`);
  return result;
}

beforeAll(async () => {
  api = await startLocalApi();
  dir = await realpath(await mkdtemp(join(tmpdir(), "rahcp-tarballs-")));
  const packDir = join(dir, "tarballs");
  project = join(dir, "project");
  await Promise.all([mkdir(packDir), mkdir(project)]);
  const packed = JSON.parse((await npm(["pack", "--json", "--pack-destination", packDir, "-w", "@rahcp/client", "-w", "@rahcp/cli"], REPO)).stdout.replace(/^[^[]*/, "")) as Packed[];
  const byName = (name: string) => packed.find((p) => p.name === name) ?? expect.unreachable(`npm pack made no ${name} tarball`);
  tarballs = { client: byName("@rahcp/client"), cli: byName("@rahcp/cli") };
  await writeFile(join(project, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2)}\n`);
  installOutput = await npm(["install", "--offline", join(packDir, tarballs.client.filename), join(packDir, tarballs.cli.filename)], project);
}, 240_000);

afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const paths = (p: Packed) => p.files.map((f) => f.path).sort();

describe("the packed tarballs", () => {
  it("hold the build, the README and the license, and nothing of the repository's tooling", () => {
    const client = paths(tarballs.client);
    expect(client).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts", "dist/index.js.map", "dist/index.d.ts.map", "src/index.ts"]));
    expect(client.filter((path) => !/^(dist|src)\//.test(path))).toEqual(["LICENSE", "README.md", "package.json"]);
    expect(client.filter((path) => path.includes("codegen") || path.includes("tsconfig"))).toEqual([]);
    expect(paths(tarballs.cli)).toEqual(["LICENSE", "README.md", "dist/THIRD-PARTY-NOTICES.txt", "dist/rahcp.js", "package.json"]);
    for (const p of Object.values(tarballs)) expect(p.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each(["client", "cli"] as const)("@rahcp/%s passes publint (strict, suggestions included)", async (name) => {
    const bytes = await readFile(join(dir, "tarballs", tarballs[name].filename));
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { messages, pkg } = await publint({ pack: { tarball }, level: "suggestion", strict: true });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`)).toEqual([]);
  });

  it("install offline with no dependency but each other: only the two packages land, copied, not linked", async () => {
    expect((await readdir(join(project, "node_modules"))).sort()).toEqual([".bin", ".package-lock.json", "@rahcp"]);
    expect((await readdir(join(project, "node_modules/@rahcp"))).sort()).toEqual(["cli", "client"]);
    for (const name of ["client", "cli"]) {
      const installed = join(project, "node_modules/@rahcp", name);
      expect(await realpath(installed)).toBe(installed);
      const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as Record<string, unknown>;
      expect(manifest["dependencies"], name).toBeUndefined();
      expect(manifest["private"], name).toBeUndefined();
      expect(manifest["license"], name).toBe("Apache-2.0");
      // Nothing runs at install, and npm has nothing to ask the user to approve.
      const scripts = Object.keys((manifest["scripts"] ?? {}) as Record<string, string>);
      expect(scripts.filter((script) => ["preinstall", "install", "postinstall", "prepare"].includes(script)), name).toEqual([]);
    }
    expect(installOutput.stdout + installOutput.stderr).not.toMatch(/install-scripts|allowScripts|npm (warn|error)/i);
  });
});

describe("@rahcp/client from its tarball", () => {
  const env = () => ({ PATH: process.env.PATH, RAHCP_ENDPOINT: api.url, RAHCP_TOKEN: api.token });

  it.each(NODES)("a plain Node ESM script lists, creates and deletes a bucket (%s)", async (node) => {
    const bucket = `pkg-sdk-${NODES.indexOf(node)}`;
    await writeFile(
      join(project, "lifecycle.mjs"),
      `import { RahcpClient, NotFoundError } from "@rahcp/client";
const client = RahcpClient.fromEnv();
const bucket = process.argv[2];
const names = async () => (await client.s3.listBuckets()).buckets.map((b) => b.name);
const before = await names();
const created = await client.s3.createBucket(bucket);
const during = await names();
const deleted = await client.s3.deleteBucket(bucket);
let error;
try { await client.s3.getVersioning(bucket); } catch (e) { error = { notFound: e instanceof NotFoundError, code: e.code }; }
console.log(JSON.stringify({ node: process.version, before, created, during, deleted, after: await names(), exists: await client.s3.bucketExists(bucket), error }));
`,
    );
    const result = await runProcess(node, ["lifecycle.mjs", bucket], { cwd: project, env: env() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out["node"]).toMatch(/^v\d+\./);
    expect(out).toMatchObject({
      before: expect.not.arrayContaining([bucket]),
      created: { status: "created", bucket },
      during: expect.arrayContaining([bucket]),
      deleted: { status: "deleted", bucket },
      after: expect.not.arrayContaining([bucket]),
      exists: false,
      error: { notFound: true, code: "NoSuchBucket" },
    });
  });

  it.each(README_SNIPPETS)("the SDK snippet of %s runs as written under every Node here", async (readme, name) => {
    const snippet = sdkSnippet(await readFile(join(REPO, readme), "utf8"), readme);
    await writeFile(join(project, `readme-${name}.mjs`), snippet);
    for (const node of NODES) {
      const result = await runProcess(node, [`readme-${name}.mjs`], { cwd: project, env: env() });
      expect(result.stderr, `${readme} under ${node}`).toBe("");
      expect(result.code, `${readme} under ${node}`).toBe(0);
    }
  });

  it("type-checks a consumer with tsc --strict (Node and browser settings); wrong calls fail to compile", async () => {
    await writeConsumerProject();
    const [node, browser] = await Promise.all(
      ["tsconfig.node.json", "tsconfig.browser.json"].map((config) => runProcess(process.execPath, [TSC, "-p", config, "--pretty", "false"], { cwd: project, env: env(), timeoutMs: 120_000 })),
    );
    expect(browser!.stdout + browser!.stderr).toBe("");
    expect(browser!.code).toBe(0);
    // Every error is one planted in wrong.ts, each planted one is reported, and nothing else fails.
    const reported = new Set([...node!.stdout.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1]}:${m[2]} ${m[3]}`));
    expect([...reported].sort(), node!.stdout).toEqual(plantedErrors().sort());
    expect(node!.code).not.toBe(0);
  }, 120_000);

  it("bundles for the browser from the installed package with no Node built-ins, and runs against a fetch", async () => {
    const result = await build({
      absWorkingDir: project,
      stdin: { contents: 'export { RahcpClient } from "@rahcp/client";', resolveDir: project, loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs).filter((path) => path !== "<stdin>");
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((path) => !path.startsWith("node_modules/@rahcp/client/dist/"))).toEqual([]);
    expect(Object.values(result.metafile.outputs).flatMap((output) => output.imports)).toEqual([]);
    const code = result.outputFiles[0]!.text;
    const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as typeof import("@rahcp/client");
    const client = new module.RahcpClient({
      endpoint: "https://api.example.test",
      token: "t",
      fetch: async () => new Response(JSON.stringify({ buckets: [{ name: "b1", creation_date: null }], owner: null }), { status: 200 }),
    });
    expect((await client.s3.listBuckets()).buckets.map((b) => b.name)).toEqual(["b1"]);
  });
});

describe("the rahcp bin from its tarball", () => {
  const env = (node: string) => ({
    // The shebang's `env node` finds this Node first.
    PATH: [dirname(node), process.env.PATH].join(delimiter),
    HOME: dir,
    RAHCP_CONFIG: join(dir, "no-config.yaml"),
    RAHCP_ENDPOINT: api.url,
    RAHCP_TOKEN: api.token,
  });
  const rahcp = (node: string, ...args: string[]) => runProcess(join(project, "node_modules/.bin/rahcp"), args, { cwd: project, env: env(node) });

  it.each(NODES)("runs s3 mb and s3 ls against the local server (%s)", async (node) => {
    const bucket = `pkg-cli-${NODES.indexOf(node)}`;
    const version = JSON.parse(await readFile(join(project, "node_modules/@rahcp/cli/package.json"), "utf8")) as { version: string };
    expect(await rahcp(node, "--version")).toEqual({ code: 0, stdout: `${version.version}\n`, stderr: "" });
    expect(await rahcp(node, "s3", "mb", bucket)).toEqual({ code: 0, stdout: `Created bucket ${bucket}\n`, stderr: "" });
    const listed = await rahcp(node, "s3", "ls");
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^NAME +CREATED \\(UTC\\)\\n(.*\\n)*${bucket} +\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\n`));
    expect(await rahcp(node, "s3", "rb", bucket)).toEqual({ code: 0, stdout: `Deleted bucket ${bucket}\n`, stderr: "" });
  });
});

/** The first ```js block of the README's SDK part: the snippet users copy. */
function sdkSnippet(markdown: string, name: string): string {
  const from = name === "README.md" ? markdown.indexOf("## SDK and CLI") : 0;
  const block = /```js\n([\s\S]*?)```/.exec(markdown.slice(from));
  if (!block) throw new Error(`${name} has no \`\`\`js snippet for the SDK`);
  return block[1]!;
}

const WRONG = `import { RahcpClient, type VersioningStatus } from "@rahcp/client";

const client = new RahcpClient({ endpoint: "http://localhost:8000", token: "t" });
await client.s3.setVersioning("b", "On"); // TS2345
await client.api.call("get", "/api/v1/bucket", {}); // TS2345
await client.s3.createBucket(42); // TS2345
const names: number[] = (await client.s3.listBuckets()).buckets.map((b) => b.name); // TS2322
const versioning: VersioningStatus = "Off"; // TS2322
new RahcpClient({ endpoint: "http://localhost:8000" }); // TS2345
console.log(names, versioning);
`;

/** `file:line TScode` of each error planted in wrong.ts. */
function plantedErrors(): string[] {
  return WRONG.split("\n").flatMap((line, i) => {
    const code = / \/\/ (TS\d+)$/.exec(line)?.[1];
    return code ? [`wrong.ts:${i + 1} ${code}`] : [];
  });
}

async function writeConsumerProject(): Promise<void> {
  const consumer = `import { RahcpClient, NotFoundError, RahcpError, type BucketSummary, type ListObjectsResponse, type VersionEntry } from "@rahcp/client";

const client = new RahcpClient({ endpoint: "http://localhost:8000", token: async () => "fresh-token", timeoutMs: 5_000, retries: 1 });
const buckets: BucketSummary[] = (await client.s3.listBuckets()).buckets;
const page: ListObjectsResponse = await client.api.call("get", "/api/v1/buckets/{bucket}/objects", { path: { bucket: "b" }, query: { max_keys: 10 } });
const entries: VersionEntry[] = [];
for await (const entry of client.s3.iterVersions("b")) entries.push(entry);
try {
  await client.s3.setVersioning("b", "Suspended");
} catch (error) {
  if (error instanceof NotFoundError || error instanceof RahcpError) console.log(error.status, error.code, error.requestId);
}
console.log(buckets.length, page.objects.length, entries.map((e) => (e.kind === "version" ? e.size : e.key)));
`;
  const browser = `import { RahcpClient } from "@rahcp/client";

const client = new RahcpClient({ endpoint: location.origin, token: () => sessionStorage.getItem("token") ?? "", fetch: (url, init) => window.fetch(url, init) });
const controller = new AbortController();
document.title = String((await client.s3.listBuckets({ signal: controller.signal })).buckets.length);
`;
  const base = { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", noEmit: true };
  await Promise.all([
    writeFile(join(project, "consumer.ts"), consumer),
    writeFile(join(project, "wrong.ts"), WRONG),
    writeFile(join(project, "browser.ts"), browser),
    // The README snippets are JavaScript that is also strict TypeScript.
    ...README_SNIPPETS.map(async ([readme, name]) => writeFile(join(project, `readme-${name}.ts`), sdkSnippet(await readFile(join(REPO, readme), "utf8"), readme))),
    writeFile(
      join(project, "tsconfig.node.json"),
      JSON.stringify({ compilerOptions: { ...base, lib: ["ES2022"], types: ["node"], typeRoots: [join(REPO, "node_modules/@types")] }, files: ["consumer.ts", "wrong.ts", "readme-client.ts", "readme-root.ts"] }),
    ),
    writeFile(join(project, "tsconfig.browser.json"), JSON.stringify({ compilerOptions: { ...base, lib: ["ES2022", "DOM"], types: [] }, files: ["browser.ts"] })),
  ]);
}
