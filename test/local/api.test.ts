import { singleTenant } from "@rahcp/core";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mintDevToken, startLocalServer, type LocalServer } from "@rahcp/local";
import { createTestIssuer, TEST_AUDIENCE, TEST_ISSUER } from "../support/tokens";
import { tempDataDir } from "../support/local-api";
import { freePort, rawRequest } from "../support/loopback";
import { MemoryBucketStore } from "./memory-store";

/**
 * The real handler modules behind the local server, the default embedded store in a temp data
 * dir, and tokens from the development issuer.
 */
let dataDir: string;
let removeDataDir: () => Promise<void>;
let server: LocalServer;
let token: string;

beforeAll(async () => {
  ({ dir: dataDir, remove: removeDataDir } = await tempDataDir());
  server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, auth: "dev" });
  token = await server.devIssuer!.mint();
});

async function bucketNames(): Promise<string[]> {
  const res = await api("/api/v1/buckets");
  expect(res.status).toBe(200);
  return ((await res.json()) as { buckets: { name: string }[] }).buckets.map((b) => b.name);
}

afterAll(async () => {
  await server?.close();
  await removeDataDir?.();
});

function api(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token: explicit, ...rest } = init;
  const bearer = explicit === undefined ? token : explicit;
  const headers = new Headers(rest.headers);
  if (bearer !== null) headers.set("authorization", `Bearer ${bearer}`);
  return fetch(`${server.url}${path}`, { ...rest, headers });
}

function json(path: string, method: string, body: unknown, bearer?: string) {
  return api(path, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(bearer ? { token: bearer } : {}),
  });
}

describe("development issuer", () => {
  it("serves its JWKS and OpenID configuration on the API port", async () => {
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: server.devIssuer!.kid, e: "AQAB" });
    expect(jwks.keys[0]).not.toHaveProperty("d"); // never the private part

    const config = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(config.issuer).toBe(`http://localhost:${server.port}`);
    expect(config.jwks_uri).toBe(`http://localhost:${server.port}/.well-known/jwks.json`);
    expect(config.id_token_signing_alg_values_supported).toEqual(["RS256"]);

    const post = await fetch(`${server.url}/.well-known/jwks.json`, { method: "POST" });
    expect(post.status).toBe(405);
  });

  it("configures the production verifier with the dev issuer's settings (issuer localhost, JWKS over loopback)", () => {
    expect(server.auth).toMatchObject({
      kind: "oidc",
      issuer: `http://localhost:${server.port}`,
      audience: ["rahcp-local"],
      jwksUri: `http://127.0.0.1:${server.port}/.well-known/jwks.json`,
    });
    expect(process.env.AUTH_ISSUER).toBeUndefined(); // passed to the verifier, never written into process.env
  });

  it("keeps its private key in <dataDir>/dev-issuer readable by the owner only", async () => {
    const info = await stat(join(dataDir, "dev-issuer", "private-key.pem"));
    expect(info.mode & 0o777).toBe(0o600);
  });

  it("mints RS256 tokens with issuer, audience, subject, scopes and lifetime", async () => {
    const minted = await server.devIssuer!.mint({ scopes: ["buckets:read"], subject: "alice", lifetimeSeconds: 90 });
    expect(decodeProtectedHeader(minted)).toMatchObject({ alg: "RS256", kid: server.devIssuer!.kid });
    const claims = decodeJwt(minted);
    expect(claims).toMatchObject({ iss: `http://localhost:${server.port}`, aud: "rahcp-local", sub: "alice", scope: "buckets:read" });
    expect(claims.exp! - claims.iat!).toBe(90);
    expect(decodeJwt(token).scope).toBe("buckets:read buckets:write buckets:admin");
  });

  it("accepts the same token whichever host name the client used", async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      const res = await rawRequest(server.port, `GET /api/v1/buckets HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}`);
      expect(res.status, host).toBe(200);
    }
  });
});

describe("authentication through the real handlers", () => {
  it("refuses a request without a token (401)", async () => {
    const res = await api("/api/v1/buckets", { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await res.json()) as { code: string }).code).toBe("Unauthorized");
  });

  it("refuses a token signed by another key, even with the right issuer and audience (401)", async () => {
    const other = await createTestIssuer("other-key");
    const forged = await other.sign({ iss: server.devIssuer!.issuer, aud: "rahcp-local" });
    const res = await api("/api/v1/buckets", { token: forged });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toBe("Token was not signed by a known key");

    // Same kid as the dev key, wrong signature.
    const sameKid = await other.sign({ iss: server.devIssuer!.issuer, aud: "rahcp-local" }, { kid: server.devIssuer!.kid });
    const res2 = await api("/api/v1/buckets", { token: sameKid });
    expect(res2.status).toBe(401);
    expect(((await res2.json()) as { detail: string }).detail).toBe("Token signature is invalid");
    expect((await api("/api/v1/buckets")).status).toBe(200); // the real key still works afterwards
  });

  it("refuses dev tokens for another port's issuer and expired tokens (401)", async () => {
    const elsewhere = await mintDevToken({ dataDir, port: server.port + 1 });
    const res = await api("/api/v1/buckets", { token: elsewhere });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toBe("Token issuer is not trusted");

    const short = await server.devIssuer!.mint({ lifetimeSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await api("/api/v1/buckets", { token: short })).status).toBe(401);
  });

  it("checks scopes (403 for a read-only token on a write route)", async () => {
    const readOnly = await server.devIssuer!.mint({ scopes: ["buckets:read"] });
    expect((await api("/api/v1/buckets", { token: readOnly })).status).toBe(200);
    const res = await json("/api/v1/buckets", "POST", { bucket: "denied-bucket" }, readOnly);
    expect(res.status).toBe(403);
    expect(await bucketNames()).not.toContain("denied-bucket");
  });
});

describe("the spec's operations through the real handlers", () => {
  it("creates, heads, lists, versions, ACLs and deletes a bucket", async () => {
    const created = await json("/api/v1/buckets", "POST", { bucket: "my-new-bucket" });
    expect(created.status).toBe(201);
    const createdBody = (await created.json()) as Record<string, unknown>;
    expect(createdBody).toEqual({ status: "created", bucket: "my-new-bucket" });
    expect(created.headers.get("x-request-id")).toBe(created.headers.get("apigw-requestid"));

    expect((await json("/api/v1/buckets", "POST", { bucket: "my-new-bucket" })).status).toBe(409);
    expect((await json("/api/v1/buckets", "POST", { bucket: "Bad_Name" })).status).toBe(400);

    const head = await rawRequest(server.port, `HEAD /api/v1/buckets/my-new-bucket HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}`);
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const missing = await rawRequest(server.port, `HEAD /api/v1/buckets/no-such-bucket HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}`);
    expect(missing.status).toBe(404);
    expect(missing.body.length).toBe(0);

    const list = (await (await api("/api/v1/buckets")).json()) as { buckets: { name: string; creation_date: string }[] };
    expect(list.buckets.map((b) => b.name)).toContain("my-new-bucket");

    const versioning = await json("/api/v1/buckets/my-new-bucket/versioning", "PUT", { status: "Enabled" });
    expect(versioning.status).toBe(200);
    expect(await versioning.json()).toEqual({ status: "updated", versioning: "Enabled" });
    expect(await (await api("/api/v1/buckets/my-new-bucket/versioning")).json()).toMatchObject({ status: "Enabled" });

    const acl = (await (await api("/api/v1/buckets/my-new-bucket/acl")).json()) as { owner: unknown; grants: unknown[] };
    expect(acl.grants).toHaveLength(1);

    const versions = await api("/api/v1/buckets/my-new-bucket/versions?max_keys=1");
    expect(versions.status).toBe(200);

    const deleted = await api("/api/v1/buckets/my-new-bucket", { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ status: "deleted", bucket: "my-new-bucket" });
    expect((await api("/api/v1/buckets/my-new-bucket", { method: "DELETE" })).status).toBe(404);
  });

  it("hands URL-encoded path parameters to the handler decoded", async () => {
    expect((await json("/api/v1/buckets", "POST", { bucket: "encoded-bucket" })).status).toBe(201);
    const res = await api("/api/v1/buckets/%65ncoded-b%75cket/versioning");
    expect(res.status).toBe(200);
    const missing = await api("/api/v1/buckets/%6Dy-b%75cket/versioning");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toContain("'my-bucket'");
  });

  it("maps the handlers' own validation (415 without JSON content type)", async () => {
    const res = await api("/api/v1/buckets", { method: "POST", headers: { "content-type": "text/plain" }, body: '{"bucket":"x-bucket"}' });
    expect(res.status).toBe(415);
  });
});

describe("server lifecycle", () => {
  it("refuses a second server in the same process while one runs", async () => {
    await expect(startLocalServer({ port: 0, host: "127.0.0.1", dataDir })).rejects.toThrow(/already running/);
  });
});

describe("restart", () => {
  let external: Server | undefined;
  afterEach(async () => {
    await server.close();
    if (external) await new Promise((r) => external!.close(r));
    external = undefined;
  });

  it("keeps buckets, versioning and the key pair across a restart (embedded store under the data dir)", async () => {
    expect(server.storeKind).toBe("embedded");
    expect((await json("/api/v1/buckets", "POST", { bucket: "survives-restart" })).status).toBe(201);
    expect((await json("/api/v1/buckets/survives-restart/versioning", "PUT", { status: "Enabled" })).status).toBe(200);
    const kid = server.devIssuer!.kid;
    await server.close();
    expect(process.env.AUTH_ISSUER).toBeUndefined(); // AUTH_* untouched, while running and after

    const port = await freePort();
    // A token minted before the server starts (as `npm run token` may be) is accepted by it.
    const early = await mintDevToken({ dataDir, port, scopes: ["buckets:read"] });
    server = await startLocalServer({ port, host: "127.0.0.1", dataDir, auth: "dev" });
    expect(server.devIssuer!.kid).toBe(kid);
    const res = await fetch(`${server.url}/api/v1/buckets`, { headers: { authorization: `Bearer ${early}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { buckets: { name: string }[] }).buckets.map((b) => b.name)).toContain("survives-restart");
    const versioning = await fetch(`${server.url}/api/v1/buckets/survives-restart/versioning`, { headers: { authorization: `Bearer ${early}` } });
    expect(((await versioning.json()) as { status: string }).status).toBe("Enabled");
  });

  it("serves a store passed in by the caller instead of the embedded one", async () => {
    await server.close();
    const provided = new MemoryBucketStore();
    await provided.createBucket("from-provided-store");
    server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir, tenants: singleTenant(provided), auth: "dev" });
    expect(server.storeKind).toBe("provided");
    token = await server.devIssuer!.mint();
    expect(await bucketNames()).toEqual(["from-provided-store"]);
  });

  it("trusts an external issuer instead when AUTH_ISSUER is set, without serving dev keys", async () => {
    await server.close();
    const idp = await createTestIssuer("idp-key");
    external = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(idp.jwks));
    });
    await new Promise<void>((r) => external!.listen(0, "127.0.0.1", r));
    const jwksPort = (external.address() as { port: number }).port;
    const saved = { ...process.env };
    Object.assign(process.env, {
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
      AUTH_JWKS_URI: `http://127.0.0.1:${jwksPort}/jwks.json`,
    });
    try {
      server = await startLocalServer({ port: 0, host: "127.0.0.1", dataDir });
      expect(server.devIssuer).toBeUndefined();
      expect((await fetch(`${server.url}/.well-known/jwks.json`)).status).toBe(404);
      const good = await idp.token("buckets:read");
      expect((await api("/api/v1/buckets", { token: good })).status).toBe(200);
      const dev = await mintDevToken({ dataDir, port: server.port });
      expect((await api("/api/v1/buckets", { token: dev })).status).toBe(401);
    } finally {
      for (const name of ["AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URI"]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});
