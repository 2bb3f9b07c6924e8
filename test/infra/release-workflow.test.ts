import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { PUBLISHED_PACKAGES, readManifests, releaseFor, ROOT } from "../../scripts/release-version";
import { runProcess } from "../support/processes";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string | { name: string };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const source = readFileSync(join(ROOT, ".github/workflows/release.yml"), "utf8");
const workflow = parse(source) as Workflow;
const jobs = workflow.jobs;
const needs = (job: Job) => [job.needs ?? []].flat();
const runs = (job: Job) => job.steps.map((step) => step.run ?? "").join("\n");
const uses = (job: Job, action: string) => job.steps.find((step) => step.uses?.replace(/@.*/, "") === action);
const manifests = readManifests();

describe("release workflow", () => {
  it("runs for version tags only, one release per tag, never cancelled halfway", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v*"] } });
    expect(workflow.concurrency).toEqual({ group: "release-${{ github.ref }}", "cancel-in-progress": false });
  });

  it("checks that the tag equals the packages' version before anything else", () => {
    expect(needs(jobs["version"]!)).toEqual([]);
    const check = jobs["version"]!.steps.find((step) => step.id === "check");
    expect(check?.run).toBe('node scripts/release-version.ts "$GITHUB_REF_NAME" >> "$GITHUB_OUTPUT"');
    expect(jobs["version"]!.outputs).toEqual({ version: "${{ steps.check.outputs.version }}", "dist-tag": "${{ steps.check.outputs.dist-tag }}" });
    expect(uses(jobs["version"]!, "actions/setup-node")?.with?.["node-version"]).toBe(24); // runs .ts without a loader
  });

  it("builds and tests as CI does (bash .ci/run) before publishing, and publishes only after both", () => {
    expect(needs(jobs["test"]!)).toEqual(["version"]);
    expect(runs(jobs["test"]!).trim()).toBe("bash .ci/run");
    expect(needs(jobs["publish"]!).sort()).toEqual(["test", "version"]);
    expect(Object.keys(jobs).sort()).toEqual(["publish", "test", "version"]);
  });

  it("publishes both packages with provenance through trusted publishing: OIDC for that job only, no stored token", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    for (const name of ["version", "test"]) expect(jobs[name]!.permissions, name).toBeUndefined();
    const publish = jobs["publish"]!;
    expect(publish.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(publish.environment).toBe("npm");
    expect(uses(publish, "actions/setup-node")?.with?.["registry-url"]).toBe("https://registry.npmjs.org");
    // Trusted publishing needs npm 11.5.1 or later.
    expect(runs(publish)).toContain("npm install --global npm@^11.5.1");
    const script = runs(publish);
    expect(script).toContain('npm publish -w "$name" --provenance --access public --tag "$DIST_TAG"');
    expect(script).toMatch(/for name in @rahcp\/client @rahcp\/cli; do/);
    expect(manifests.map((m) => m.name)).toEqual(["@rahcp/client", "@rahcp/cli"]);
    expect(publish.env).toEqual({ VERSION: "${{ needs.version.outputs.version }}", DIST_TAG: "${{ needs.version.outputs.dist-tag }}" });
    // No long-lived credential: no secret is read anywhere, no npm token variable is set.
    expect(source).not.toMatch(/secrets\.|NODE_AUTH_TOKEN|NPM_TOKEN|_authToken/);
  });

  it("records the repository it publishes from in both manifests, from GitHub's context (npm matches it against the provenance)", () => {
    const script = runs(jobs["publish"]!);
    expect(script).toContain(`for dir in ${PUBLISHED_PACKAGES.join(" ")}; do`);
    expect(script).toContain('repository.url=git+$GITHUB_SERVER_URL/$GITHUB_REPOSITORY.git');
    expect(script).toContain('repository.directory=$dir');
  });
});

describe("scripts/release-version.ts", () => {
  const packages = [
    { name: "@rahcp/client", version: "1.2.3" },
    { name: "@rahcp/cli", version: "1.2.3" },
  ];

  it("accepts the tag of the packages' version; prereleases go to the next dist-tag", () => {
    expect(releaseFor("v1.2.3", packages)).toEqual({ version: "1.2.3", distTag: "latest" });
    const rc = packages.map((p) => ({ ...p, version: "2.0.0-rc.1" }));
    expect(releaseFor("v2.0.0-rc.1", rc)).toEqual({ version: "2.0.0-rc.1", distTag: "next" });
  });

  it("refuses a tag that differs from any package, naming each version and the fix", () => {
    expect(() => releaseFor("v1.2.4", packages)).toThrow(
      "tag v1.2.4 does not match the packages (@rahcp/client 1.2.3, @rahcp/cli 1.2.3): run npm version 1.2.4 -w @rahcp/client -w @rahcp/cli --no-git-tag-version",
    );
    expect(() => releaseFor("v1.2.3", [packages[0]!, { name: "@rahcp/cli", version: "1.2.2" }])).toThrow("@rahcp/cli 1.2.2");
  });

  it.each(["1.2.3", "v1.2", "v01.2.3", "v1.2.3-", "refs/tags/v1.2.3", ""])("refuses %j as a release tag", (tag) => {
    expect(() => releaseFor(tag, packages)).toThrow(/is not a release tag/);
  });

  it("the version is written once per package: every reference to a published package inside the repository is \"*\"", () => {
    const names = new Set(manifests.map((m) => m.name));
    const manifestsInRepo = ["package.json", ...readdirSync(join(ROOT, "packages")).map((dir) => `packages/${dir}/package.json`)].filter((file) =>
      existsSync(join(ROOT, file)),
    );
    expect(manifestsInRepo.length).toBeGreaterThan(3);
    const pinned = manifestsInRepo.flatMap((file) => {
      const manifest = JSON.parse(readFileSync(join(ROOT, file), "utf8")) as Record<string, Record<string, string> | undefined>;
      return ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((field) =>
        Object.entries(manifest[field] ?? {})
          .filter(([name, range]) => names.has(name) && range !== "*")
          .map(([name, range]) => `${file} ${field} ${name}@${range}`),
      );
    });
    // A pinned range would stop matching the workspace after \`npm version\` and pull the registry's copy instead.
    expect(pinned).toEqual([]);
  });

  it("the published packages share one version, and the script runs on plain Node as the workflow calls it", async () => {
    expect(new Set(manifests.map((m) => m.version)).size).toBe(1);
    const version = manifests[0]!.version;
    const env = { PATH: process.env.PATH };
    const ok = await runProcess(process.execPath, ["scripts/release-version.ts", `v${version}`], { cwd: ROOT, env });
    expect(ok).toEqual({ code: 0, stdout: `version=${version}\ndist-tag=${version.includes("-") ? "next" : "latest"}\n`, stderr: "" });
    const wrong = await runProcess(process.execPath, ["scripts/release-version.ts", "v999.0.0"], { cwd: ROOT, env });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toMatch(/^release-version: tag v999\.0\.0 does not match the packages/);
  });
});
