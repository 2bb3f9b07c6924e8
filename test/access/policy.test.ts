import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePolicy, PolicyError } from "@rahcp/core";
import { MAX_RULES } from "@rahcp/core/access/policy";
import { policyJson, readPolicyDocument } from "@rahcp/core/access/policy-file";
import { readPolicyFile } from "@rahcp/core/access/policy-source";

const rule = (overrides: Record<string, unknown> = {}) => ({ who: { group: "team-a" }, tenant: "archive", buckets: ["team-a-*"], allow: ["read"], ...overrides });

function problemsOf(document: unknown): string[] {
  try {
    parsePolicy(document, "policy.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return [...(error as PolicyError).problems];
  }
  throw new Error("the policy was accepted");
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rahcp-policy-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("parsePolicy: a document is accepted whole or refused with every problem, each naming its rule", () => {
  it.each([
    ["not an object", [], ["the document must be an object with a 'rules' list"]],
    ["no rules list", { rule: [] }, ["unknown top-level field 'rule' (only 'rules')", "'rules' must be a list of rules"]],
    ["a rule that is not an object", { rules: ["admins"] }, ["rules[0]: must be an object with who, tenant, buckets and allow"]],
    ["an unknown rule field", { rules: [rule({ deny: ["write"] })] }, ["rules[0]: unknown field 'deny' (allowed: id, who, tenant, buckets, allow)"]],
    ["who naming two kinds", { rules: [rule({ who: { group: "a", sub: "b" } })] }, ['rules[0]: who must have exactly one of group, sub or client, not ["group","sub"]']],
    ["who naming an unknown kind", { rules: [rule({ who: { role: "a" } })] }, ['rules[0]: who must have exactly one of group, sub or client, not ["role"]']],
    ["an empty who value", { rules: [rule({ who: { sub: " " } })] }, ["rules[0]: who.sub must be a non-empty string"]],
    ["no tenant", { rules: [rule({ tenant: undefined })] }, ['rules[0]: tenant must be a tenant name or "*"']],
    ["a tenant that cannot be one", { rules: [rule({ tenant: "Archive" })] }, [expect.stringMatching(/^rules\[0\]: tenant "Archive" is not a tenant name/)]],
    ["no bucket patterns", { rules: [rule({ buckets: [] })] }, ["rules[0]: buckets must be a list of 1 to 100 patterns"]],
    ["a pattern with other syntax", { rules: [rule({ buckets: ["team-[ab]"] })] }, [expect.stringMatching(/^rules\[0\]: buckets\[0\] "team-\[ab\]" contains '\['/)]],
    ["an unknown permission", { rules: [rule({ allow: ["read", "delete"] })] }, ['rules[0]: allow[1] is "delete"; expected read, write or admin']],
    ["no permission", { rules: [rule({ allow: [] })] }, ["rules[0]: allow must be a non-empty list of read, write, admin"]],
    ["a duplicate id", { rules: [rule({ id: "x" }), rule({ id: "x" })] }, ["rules[1]: id 'x' is already used by rules[0]"]],
  ])("%s", (_name, document, expected) => {
    expect(problemsOf(document)).toEqual(expected);
  });

  it("reports the problems of every rule, not just the first", () => {
    const problems = problemsOf({ rules: [rule(), rule({ allow: ["all"] }), rule(), rule({ tenant: 7, buckets: "x" })] });
    expect(problems.map((p) => p.slice(0, 9))).toEqual(["rules[1]:", "rules[3]:", "rules[3]:"]);
  });

  it("refuses more rules than MAX_RULES", () => {
    expect(problemsOf({ rules: Array.from({ length: MAX_RULES + 1 }, () => rule()) })).toEqual([`${MAX_RULES + 1} rules; at most ${MAX_RULES}`]);
  });

  it("holds 500 rules (and more), indexed by who they name", () => {
    const rules = Array.from({ length: 600 }, (_, i) => rule({ who: { group: `team-${i % 200}` }, buckets: [`team-${i}-*`], id: `r${i}` }));
    const policy = parsePolicy({ rules }, "big.yaml");
    expect(policy.rules).toHaveLength(600);
    expect(policy.byWho.group.size).toBe(200);
    expect(policy.byWho.group.get("team-7")!.map((r) => r.label)).toEqual(["r7", "r207", "r407"]);
  });

  it("labels a rule by its id, else by its position", () => {
    const policy = parsePolicy({ rules: [rule(), rule({ id: "team-a-rw" })] }, "p.json");
    expect(policy.rules.map((r) => r.label)).toEqual(["rules[0]", "team-a-rw"]);
  });
});

describe("policy files", () => {
  const yaml = `# Keycloak groups
rules:
  - who: { group: archive-admins }
    tenant: "*"
    buckets: ["*"]
    allow: [admin]
  - id: team-a-rw
    who: { group: team-a }
    tenant: archive
    buckets: ["team-a-*"]
    allow: [read, write]
`;

  it("reads YAML and JSON alike, and round-trips through the JSON the deploy ships", async () => {
    await writeFile(join(dir, "p.yaml"), yaml);
    const fromYaml = readPolicyDocument(join(dir, "p.yaml"));
    expect(fromYaml.rules.map((r) => [r.label, r.who, r.tenant, r.buckets, r.allow])).toEqual([
      ["rules[0]", { kind: "group", value: "archive-admins" }, "*", ["*"], ["admin"]],
      ["team-a-rw", { kind: "group", value: "team-a" }, "archive", ["team-a-*"], ["read", "write"]],
    ]);
    await writeFile(join(dir, "p.json"), policyJson(fromYaml));
    const fromJson = readPolicyFile(join(dir, "p.json")); // what a function reads: JSON only
    expect(fromJson.rules.map((r) => [r.label, r.who, r.tenant, r.buckets, r.allow])).toEqual(
      fromYaml.rules.map((r) => [r.label, r.who, r.tenant, r.buckets, r.allow]),
    );
  });

  it.each([
    ["missing.yaml", undefined, "no such file"],
    ["broken.yaml", "rules:\n  - who: [\n", "not valid YAML (line 3, column 1)"],
    ["dupes.yaml", "rules: []\nrules: []\n", "not valid YAML"],
    ["broken.json", "{ rules: [] }", "not valid JSON"],
  ])("names the file and the problem: %s", async (file, text, problem) => {
    if (text !== undefined) await writeFile(join(dir, file), text);
    expect(() => readPolicyDocument(join(dir, file))).toThrow(PolicyError);
    try {
      readPolicyDocument(join(dir, file));
    } catch (error) {
      expect((error as PolicyError).source).toBe(join(dir, file));
      expect((error as PolicyError).problems[0]).toContain(problem);
    }
  });

  it("a function refuses YAML: it reads the JSON the deploy writes", async () => {
    await writeFile(join(dir, "fn.yaml"), yaml);
    expect(() => readPolicyFile(join(dir, "fn.yaml"))).toThrow(/functions read the policy as JSON/);
  });
});
