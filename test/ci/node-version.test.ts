import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FUNCTION_DEFAULTS } from "../../infra/function-defaults";

/**
 * Which Node runs what. npm itself runs on the system Node (20 is fine); every `npm run …` script,
 * the tests included, runs on the Node of the `node` devDependency, the major Lambda runs.
 */
const ROOT = join(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  engines?: unknown;
  devEngines?: { runtime?: { name: string; version: string; onFail: string } };
  devDependencies: Record<string, string>;
};
const lambdaMajor = Number(/^nodejs(\d+)\.x$/.exec(FUNCTION_DEFAULTS.runtime)?.[1]);

describe("Node versions", () => {
  it("the project declares no `engines`: npm ci on the system Node 20 warns about no package of ours", () => {
    expect(manifest.engines).toBeUndefined();
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: unknown }> };
    expect(lock.packages[""]?.engines).toBeUndefined();
  });

  it("says what the system Node must be, as devEngines (checked by npm, a warning only)", () => {
    expect(manifest.devEngines?.runtime).toEqual({ name: "node", version: ">=20", onFail: "warn" });
  });

  it("runs the scripts on the Node of the node devDependency, the major the functions are deployed on", () => {
    expect(manifest.devDependencies["node"]).toMatch(new RegExp(`^\\^${lambdaMajor}\\.`));
    expect(Number(process.versions.node.split(".")[0])).toBe(lambdaMajor);
  });
});
