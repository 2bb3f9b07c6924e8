import { singleTenant } from "@rahcp/core";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalServer, type LocalServer } from "@rahcp/local";
import { tempDataDir } from "../support/local-api";
import { MemoryBucketStore } from "./memory-store";

/**
 * Without HOST the server answers on both loopback addresses, so `http://localhost:PORT` works
 * whichever address `localhost` resolves to (still loopback only: nothing leaves the machine).
 */
let server: LocalServer;
let removeDataDir: () => Promise<void>;

beforeAll(async () => {
  const data = await tempDataDir();
  removeDataDir = data.remove;
  server = await startLocalServer({ port: 0, dataDir: data.dir, tenants: singleTenant(new MemoryBucketStore()), auth: "dev" });
});

afterAll(async () => {
  await server?.close();
  await removeDataDir?.();
});

describe("default listen addresses", () => {
  it("advertises localhost and listens on 127.0.0.1 (and ::1 where the machine has IPv6)", async () => {
    expect(server.url).toBe(`http://localhost:${server.port}`);
    expect(server.hosts[0]).toBe("127.0.0.1");
    const hasIpv6Loopback = Object.values(networkInterfaces()).some((list) => list?.some((a) => a.address === "::1"));
    expect(server.hosts.includes("::1")).toBe(hasIpv6Loopback);
    const token = await server.devIssuer!.mint({ scopes: ["buckets:read"] });
    for (const host of server.hosts) {
      const base = host.includes(":") ? `http://[${host}]:${server.port}` : `http://${host}:${server.port}`;
      const res = await fetch(`${base}/api/v1/buckets`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, base).toBe(200);
    }
    const viaName = await fetch(`${server.url}/api/v1/buckets`, { headers: { authorization: `Bearer ${token}` } });
    expect(viaName.status).toBe(200);
  });

  it("refuses a non-loopback HOST for the development issuer", async () => {
    await server.close();
    await expect(startLocalServer({ port: 0, host: "192.0.2.123", dataDir: "/nonexistent-unused", tenants: singleTenant(new MemoryBucketStore()), auth: "dev" })).rejects.toThrow(
      /loopback/,
    );
  });
});
