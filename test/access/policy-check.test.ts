import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPolicies } from "../../packages/local/src/policy-check";

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rahcp-policy-check-"));
  await writeFile(join(dir, "ok.yaml"), "rules:\n  - who: { group: team-a }\n    tenant: archive\n    buckets: [team-a-*]\n    allow: [read, write]\n");
  await writeFile(join(dir, "bad.json"), JSON.stringify({ rules: [{ who: { group: "a" }, tenant: "*", buckets: ["*"], allow: ["read"] }, { who: {}, tenant: "*", buckets: ["*"], allow: ["rule"] }] }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function check(...files: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = checkPolicies(files, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe("npm run policy:check", () => {
  it("says a valid policy is valid and how many rules it has", () => {
    expect(check(join(dir, "ok.yaml"))).toEqual({ code: 0, out: [`${join(dir, "ok.yaml")}: valid, 1 rules (1 by group, 0 by subject, 0 by client)`], err: [] });
  });

  it("lists every problem of an invalid one with its rule, and exits 1", () => {
    const result = check(join(dir, "ok.yaml"), join(dir, "bad.json"));
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      `${join(dir, "bad.json")}: invalid (2 problems)`,
      "  rules[1]: who must have exactly one of group, sub or client, not []",
      '  rules[1]: allow[0] is "rule"; expected read, write or admin',
    ]);
  });

  it("is a usage error without a file", () => {
    expect(check().code).toBe(2);
  });

  it("runs as the documented npm script", async () => {
    const ok = await run("npm", ["run", "-s", "policy:check", "--", join(dir, "ok.yaml")]);
    expect(ok.stdout).toContain("valid, 1 rules");
    const failed = await run("npm", ["run", "-s", "policy:check", "--", join(dir, "bad.json")]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining("rules[1]: who must have exactly one") });
  });
});
