import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, scriptedFetch } from "../support/mock-fetch";
import { rahcp, sandbox, type Sandbox } from "./harness";

let box: Sandbox;
beforeAll(async () => {
  box = await sandbox();
});
afterAll(() => box.remove());

const CONFIG = `
default_profile: local
profiles:
  local:
    endpoint: http://local.test:8000
    token: config-local-token
  prod:
    endpoint: https://prod.test
    token: config-prod-token
    timeout: 60
    retries: 1
`;

async function show(args: string[], env: Record<string, string> = {}) {
  const result = await rahcp([...args, "config", "show", "--json"], { sandbox: box, env });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as {
    profile: string;
    config_file: string;
    endpoint: { value: string | null; source: string };
    token: { value: string; source: string };
    timeout_seconds: { value: number; source: string };
    retries: { value: number; source: string };
  };
}

describe("settings precedence: flag > env > config profile", () => {
  beforeAll(() => box.writeConfig(CONFIG));

  it("uses default_profile from the file named by RAHCP_CONFIG", async () => {
    const s = await show([]);
    expect(s.config_file).toBe(box.configPath);
    expect(s.profile).toBe("local");
    expect(s.endpoint).toEqual({ value: "http://local.test:8000", source: `profile "local" in ${box.configPath}` });
    expect(s.token.value).toBe("set (18 characters)"); // never the token itself
    expect(JSON.stringify(s)).not.toContain("config-local-token");
    expect(s.timeout_seconds).toEqual({ value: 30, source: "default" });
  });

  it("RAHCP_PROFILE picks a profile, --profile wins over it", async () => {
    expect((await show([], { RAHCP_PROFILE: "prod" })).endpoint.value).toBe("https://prod.test");
    const s = await show(["--profile", "local"], { RAHCP_PROFILE: "prod" });
    expect(s.profile).toBe("local");
    expect(s.endpoint.value).toBe("http://local.test:8000");
    const prod = await show(["--profile", "prod"]);
    expect(prod.timeout_seconds).toEqual({ value: 60, source: `profile "prod" in ${box.configPath}` });
    expect(prod.retries.value).toBe(1);
  });

  it("env beats the profile, flags beat env, field by field", async () => {
    const env = { RAHCP_ENDPOINT: "http://env.test", RAHCP_TOKEN: "env-token" };
    const fromEnv = await show([], env);
    expect(fromEnv.endpoint).toEqual({ value: "http://env.test", source: "env RAHCP_ENDPOINT" });
    expect(fromEnv.token.source).toBe("env RAHCP_TOKEN");
    const fromFlags = await show(["--endpoint", "http://flag.test", "--timeout", "5", "--retries", "0"], env);
    expect(fromFlags.endpoint).toEqual({ value: "http://flag.test", source: "flag" });
    expect(fromFlags.token.source).toBe("env RAHCP_TOKEN");
    expect(fromFlags.timeout_seconds).toEqual({ value: 5, source: "flag" });
    expect(fromFlags.retries).toEqual({ value: 0, source: "flag" });
  });

  it("the request really goes to the chosen endpoint with the chosen token", async () => {
    const mock = scriptedFetch(json(200, { buckets: [], owner: null }), json(200, { buckets: [], owner: null }), json(200, { buckets: [], owner: null }));
    await rahcp(["s3", "ls"], { sandbox: box, fetch: mock.fetch });
    await rahcp(["--profile", "prod", "s3", "ls"], { sandbox: box, fetch: mock.fetch, env: { RAHCP_TOKEN: "env-token" } });
    await rahcp(["s3", "ls", "--token", "flag-token", "--endpoint", "http://flag.test/"], { sandbox: box, fetch: mock.fetch, env: { RAHCP_TOKEN: "env-token" } });
    expect(mock.calls.map((c) => `${c.url.origin} ${c.headers.get("authorization")}`)).toEqual([
      "http://local.test:8000 Bearer config-local-token",
      "https://prod.test Bearer env-token",
      "http://flag.test Bearer flag-token",
    ]);
  });

  it("an unknown profile is a usage error naming the known ones", async () => {
    const result = await rahcp(["--profile", "staging", "s3", "ls"], { sandbox: box });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`rahcp: profile "staging" is not defined in ${box.configPath}; known profiles: local, prod (add --help for usage)\n`);
  });
});

describe("configuration problems", () => {
  it("without any configuration: exit 2 for the missing endpoint, exit 3 for the missing token", async () => {
    const empty = await sandbox();
    try {
      const noEndpoint = await rahcp(["s3", "ls"], { sandbox: empty });
      expect(noEndpoint.code).toBe(2);
      expect(noEndpoint.stderr).toMatch(/^rahcp: no API endpoint: pass --endpoint URL, set RAHCP_ENDPOINT, or add "endpoint" to profile "default" in .*config\.yaml/);
      const noToken = await rahcp(["s3", "ls"], { sandbox: empty, env: { RAHCP_ENDPOINT: "http://x.test" } });
      expect(noToken.code).toBe(3);
      expect(noToken.stderr).toContain("rahcp: no token: pass --token, set RAHCP_TOKEN");
      expect(noToken.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await empty.remove();
    }
  });

  it("defaults to ~/.rahcp/config.yaml under the home directory when RAHCP_CONFIG is unset", async () => {
    const home = await sandbox();
    try {
      const { mkdir, writeFile } = await import("node:fs/promises");
      await mkdir(`${home.dir}/.rahcp`);
      await writeFile(`${home.dir}/.rahcp/config.yaml`, "profiles:\n  default:\n    endpoint: http://home.test\n");
      const result = await rahcp(["config", "show", "--json"], { sandbox: home, homeDir: home.dir, env: { RAHCP_CONFIG: undefined } });
      const shown = JSON.parse(result.stdout) as { config_file: string; endpoint: { value: string } };
      expect(shown.config_file).toBe(`${home.dir}/.rahcp/config.yaml`);
      expect(shown.endpoint.value).toBe("http://home.test");
    } finally {
      await home.remove();
    }
  });

  it.each([
    ["not YAML", "profiles: [unclosed", /is not valid YAML/],
    ["profiles not a mapping", "profiles: 3", /profiles must be a mapping/],
    ["unknown key", "profiles:\n  default:\n    endpiont: http://x\n", /profile "default" has unknown key\(s\): endpiont/],
    ["wrong type", "profiles:\n  default:\n    retries: many\n", /retries must be a non-negative number/],
  ])("a broken config file (%s) is a one-line usage error", async (_, text, message) => {
    const broken = await sandbox();
    try {
      await broken.writeConfig(text);
      const result = await rahcp(["s3", "ls"], { sandbox: broken });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      await broken.remove();
    }
  });
});
