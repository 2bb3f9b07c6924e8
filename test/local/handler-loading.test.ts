import { afterAll, describe, expect, it } from "vitest";
import { httpRoutes, singleTenant } from "@rahcp/core";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { importFunctionHandler } from "@rahcp/local/handler-modules";
import { tempDataDir } from "../support/local-api";
import { MemoryBucketStore } from "./memory-store";

let server: LocalServer | undefined;
let removeDataDir: (() => Promise<void>) | undefined;

afterAll(async () => {
  await server?.close();
  await removeDataDir?.();
});

describe("handler modules", () => {
  it("imports the Lambda module of every declared route from @rahcp/functions", async () => {
    for (const route of httpRoutes) {
      expect(typeof (await importFunctionHandler(route)), route.handler).toBe("function");
    }
  });

  it("keeps serving other routes when one module fails to load, answering 500 for that route", async () => {
    const data = await tempDataDir();
    removeDataDir = data.remove;
    let attempts = 0;
    server = await startLocalServer({
      port: 0,
      host: "127.0.0.1",
      dataDir: data.dir,
      tenants: singleTenant(new MemoryBucketStore()),
      auth: "dev",
      loadHandler: async (route) => {
        if (route.handler === "get-acl") {
          attempts++;
          throw new Error("module is broken");
        }
        return importFunctionHandler(route);
      },
    });
    const token = await server.devIssuer!.mint();
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${server.url}/api/v1/buckets`, { headers })).status).toBe(200);
    const broken = await fetch(`${server.url}/api/v1/buckets/b1/acl`, { headers });
    expect(broken.status).toBe(500);
    expect(((await broken.json()) as { code: string }).code).toBe("InternalError");
    expect(attempts).toBe(2); // once at start, once for the request
  });
});
