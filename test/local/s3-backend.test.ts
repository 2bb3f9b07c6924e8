import { afterEach, describe, expect, it } from "vitest";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { tempDataDir } from "../support/local-api";
import { freePort } from "../support/loopback";

/** HCP_ENDPOINT switches the local server to core's S3 adapter (here: a closed loopback port). */
const HCP_ENV = ["HCP_ENDPOINT", "HCP_ACCESS_KEY_ID", "HCP_SECRET_ACCESS_KEY", "S3_MAX_ATTEMPTS"] as const;
let server: LocalServer | undefined;
const dataDirs: (() => Promise<void>)[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const name of HCP_ENV) delete process.env[name];
  for (const remove of dataDirs.splice(0)) await remove();
});

async function start(env: Partial<Record<(typeof HCP_ENV)[number], string>>) {
  const data = await tempDataDir();
  dataDirs.push(data.remove);
  Object.assign(process.env, env);
  return startLocalServer({ port: 0, host: "127.0.0.1", dataDir: data.dir, auth: "dev" });
}

describe("storage selection", () => {
  it("uses the S3 adapter against HCP_ENDPOINT and maps its failures like production", async () => {
    const closedPort = await freePort();
    server = await start({
      HCP_ENDPOINT: `http://127.0.0.1:${closedPort}`,
      HCP_ACCESS_KEY_ID: "local-test",
      HCP_SECRET_ACCESS_KEY: "local-test-secret",
      S3_MAX_ATTEMPTS: "1",
    });
    expect(server.storeKind).toBe("s3");
    expect(server.backend).toBe(`S3 http://127.0.0.1:${closedPort}`);
    const token = await server.devIssuer!.mint();
    const res = await fetch(`${server.url}/api/v1/buckets`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { code: string }).code).toBe("Unreachable");
  });

  it("refuses to start with HCP_ENDPOINT but no key pair", async () => {
    await expect(start({ HCP_ENDPOINT: "http://127.0.0.1:9" })).rejects.toThrow(/HCP_ACCESS_KEY_ID/);
    // The failed start released everything: a new server can start in this process.
    delete process.env.HCP_ENDPOINT;
    server = await start({ HCP_ENDPOINT: "http://127.0.0.1:9", HCP_ACCESS_KEY_ID: "a", HCP_SECRET_ACCESS_KEY: "b" });
    expect(server.storeKind).toBe("s3");
  });
});
