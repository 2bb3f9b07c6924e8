import { S3Client } from "@aws-sdk/client-s3";
import { SignJWT } from "jose";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, DEFAULT_TOKEN_RULES, routeList, routes, useTokenVerifier, type AuthSettings, type Permission, type RoutePermission, type RouteSpec } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadRouteHandlers, type LambdaHandler } from "../support/handlers";
import { createTestIssuer, offlineJwksCache, testAuthSettings, trustTestIssuer, type TestIssuer } from "../support/tokens";
import { useMockedTenants } from "../support/tenants";
import { caseOf, eventFor, expectErrorBody, storageRoutes } from "./route-cases";

const s3 = mockClient(S3Client);
let handlers: Map<string, LambdaHandler>;
let issuer: TestIssuer;
let stranger: TestIssuer;

const now = () => Math.floor(Date.now() / 1000);
const routeRows = routeList.map((route) => [route.id, route] as const);

beforeAll(async () => {
  issuer = await createTestIssuer();
  stranger = await createTestIssuer(); // same kid, different key: a forged signature
  handlers = await loadRouteHandlers();
});

beforeEach(() => {
  trustTestIssuer(issuer);
  useMockedTenants();
  s3.reset();
});

async function send(route: RouteSpec, authorization: string | undefined) {
  caseOf(route).succeed(s3);
  const event = eventFor(route, undefined, authorization === undefined ? {} : { headers: { authorization } });
  const res = await invoke(handlers.get(route.id), event);
  return { event, res };
}

describe("401 Unauthorized", () => {
  interface Case {
    name: string;
    header: () => Promise<string | undefined>;
    detail: RegExp;
  }
  const bearer = (token: Promise<string>) => async () => `Bearer ${await token}`;
  const cases: Case[] = [
    { name: "missing Authorization header", header: async () => undefined, detail: /Missing Authorization header/ },
    { name: "Basic credentials", header: async () => "Basic dXNlcjpwYXNzd29yZA==", detail: /must be 'Bearer <token>'/ },
    { name: "Bearer without a token", header: async () => "Bearer", detail: /must be 'Bearer <token>'/ },
    { name: "two tokens", header: async () => "Bearer aaa.bbb.ccc ddd.eee.fff", detail: /must be 'Bearer <token>'/ },
    { name: "a token without scheme", header: async () => (await issuer.token("buckets:admin")), detail: /must be 'Bearer <token>'/ },
    { name: "a garbage token", header: async () => "Bearer not-a-jwt-at-all", detail: /not a well-formed JWT/ },
    { name: "three garbage segments", header: async () => "Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl", detail: /not a well-formed JWT/ },
    { name: "an oversized token", header: async () => `Bearer ${"a".repeat(9000)}`, detail: /too large/ },
    { name: "a signature by another key", header: async () => `Bearer ${await stranger.token("buckets:admin")}`, detail: /signature is invalid/ },
    {
      name: "a tampered payload",
      header: async () => {
        const [head, , sig] = (await issuer.token("buckets:read")).split(".");
        const payload = Buffer.from(JSON.stringify({ sub: "x", iss: "https://issuer.test.invalid", aud: "rahcp-api", exp: now() + 300, scope: "buckets:admin" })).toString("base64url");
        return `Bearer ${head}.${payload}.${sig}`;
      },
      detail: /signature is invalid/,
    },
    { name: "an expired token", header: async () => `Bearer ${await issuer.sign({ exp: now() - 120 })}`, detail: /expired/ },
    { name: "a token not valid yet", header: async () => `Bearer ${await issuer.sign({ nbf: now() + 600 })}`, detail: /not valid yet/ },
    { name: "a wrong issuer", header: async () => `Bearer ${await issuer.sign({ iss: "https://evil.test.invalid" })}`, detail: /issuer is not trusted/ },
    { name: "a wrong audience", header: async () => `Bearer ${await issuer.sign({ aud: "some-other-api" })}`, detail: /audience/ },
    { name: "no subject", header: async () => `Bearer ${await issuer.sign({ sub: "" })}`, detail: /^Token has no subject \(sub\)$/ },
    {
      name: "alg none",
      header: async () => {
        const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
        return `Bearer ${enc({ alg: "none", kid: issuer.kid })}.${enc({ sub: "x", iss: "https://issuer.test.invalid", aud: "rahcp-api", exp: now() + 300, scope: "buckets:admin" })}.`;
      },
      detail: /not a well-formed JWT/,
    },
    {
      name: "HS256 signed with a guessable secret",
      header: bearer(
        new SignJWT({ scope: "buckets:admin" })
          .setProtectedHeader({ alg: "HS256", kid: "test-key-1" })
          .setIssuer("https://issuer.test.invalid")
          .setAudience("rahcp-api")
          .setSubject("x")
          .setExpirationTime("5m")
          .sign(new TextEncoder().encode("a-secret-anyone-could-guess-32-bytes!")),
      ),
      detail: /algorithm is not accepted/,
    },
  ];

  const matrix = routeList.flatMap((route) => cases.map((c) => [route.id, c.name, route, c] as const));
  it.each(matrix)("%s with %s", async (_id, _name, route, c) => {
    const header = await c.header();
    const { event, res } = await send(route, header);
    expect(res.status).toBe(401);
    expectErrorBody(res.json, event.requestContext.requestId, "Unauthorized");
    expect(String(res.json?.detail)).toMatch(c.detail);
    // RFC 6750 §3: a request without credentials gets the challenge without an error code
    expect(res.headers["www-authenticate"]).toMatch(
      header === undefined ? /^Bearer realm="rahcp"$/ : /^Bearer realm="rahcp", error="invalid_(token|request)"$/,
    );
    expect(s3.calls()).toHaveLength(0);
    // the credential is never echoed back
    const token = header?.replace(/^\S+\s+/, "");
    if (token && token.length > 8) {
      expect(res.body).not.toContain(token);
      expect(JSON.stringify(res.headers)).not.toContain(token);
    }
  });

  it("checks the token before the request itself (no validation detail leaks to anonymous callers)", async () => {
    const event = eventFor(routes.headBucket, undefined, { pathParameters: { bucket: "Not_Valid" } });
    const res = await invoke(handlers.get(routes.headBucket.id), event);
    expect(res.status).toBe(401);
    expect(res.body).not.toContain("Not_Valid");
  });

  it("accepts the scheme case-insensitively (RFC 7235)", async () => {
    const { res } = await send(routes.listBuckets, `bearer ${await issuer.token("buckets:read")}`);
    expect(res.status).toBe(200);
  });
});

describe("403 per permission", () => {
  type Holder = "none" | Permission;
  const scopesOf: Record<Holder, string[]> = {
    none: ["openid", "profile"],
    read: ["buckets:read"],
    write: ["buckets:write"],
    admin: ["buckets:admin"],
  };
  // admin implies write, write implies read
  const rank: Record<Holder, number> = { none: 0, read: 1, write: 2, admin: 3 };
  const allowed = (holder: Holder, needed: RoutePermission) => needed === "authenticated" || rank[holder] >= rank[needed];
  /** Every scope that grants `needed`, as the 403 names them. */
  const accepted: Record<Permission, string> = {
    read: "the 'buckets:read', 'buckets:write' or 'buckets:admin' scope",
    write: "the 'buckets:write' or 'buckets:admin' scope",
    admin: "the 'buckets:admin' scope",
  };

  const matrix = routeList.flatMap((route) =>
    (Object.keys(scopesOf) as Holder[]).map((holder) => [route.id, holder, route, allowed(holder, route.permission)] as const),
  );

  it.each(matrix)("%s with a %s token", async (_id, holder, route, isAllowed) => {
    const { event, res } = await send(route, `Bearer ${await issuer.token(...scopesOf[holder])}`);
    if (isAllowed) {
      expect(res.status).toBe(route.successStatus);
      if (storageRoutes.includes(route)) expect(s3.calls().length).toBeGreaterThan(0);
      return;
    }
    const needed = route.permission as Permission;
    expect(res.status).toBe(403);
    expectErrorBody(res.json, event.requestContext.requestId, "InsufficientScope");
    expect(res.json?.detail).toBe(`This operation needs ${accepted[needed]}`);
    expect(res.headers["www-authenticate"]).toBe(`Bearer realm="rahcp", error="insufficient_scope", scope="buckets:${needed}"`);
    expect(s3.calls()).toHaveLength(0);
  });

  it("declares read for reads, write for create/delete/versioning, admin for set ACL, a bare token for /me", () => {
    const byPermission = (p: RoutePermission) => routeList.filter((r) => r.permission === p).map((r) => r.id).sort();
    expect(byPermission("admin")).toEqual(["setAcl"]);
    expect(byPermission("write")).toEqual(["createBucket", "deleteBucket", "setVersioning"]);
    expect(byPermission("read")).toEqual(["getAcl", "getVersioning", "headBucket", "listBuckets", "listObjects", "listUploads", "listVersions"]);
    expect(byPermission("authenticated")).toEqual(["me"]);
    expect(routeList.filter((r) => r.flag).map((r) => [r.id, r.flag])).toEqual([
      ["deleteBucket", { query: "force", value: "true", permission: "admin", audit: "bucket.delete.force" }],
    ]);
  });

  it("a token holding read and write still cannot set an ACL", async () => {
    const { res } = await send(routes.setAcl, `Bearer ${await issuer.token("buckets:read", "buckets:write")}`);
    expect(res.status).toBe(403);
  });

  it("reads scopes from an scp array claim too (Okta / Entra style)", async () => {
    const token = await issuer.sign({ scope: undefined, scp: ["buckets:write"] });
    expect((await send(routes.deleteBucket, `Bearer ${token}`)).res.status).toBe(200);
    expect((await send(routes.setAcl, `Bearer ${token}`)).res.status).toBe(403);
  });

  it("does not match scopes by substring", async () => {
    const token = await issuer.token("buckets:readonly", "xbuckets:admin", "buckets:admin2");
    expect((await send(routes.listBuckets, `Bearer ${token}`)).res.status).toBe(403);
  });
});

describe("configurable scope names", () => {
  const cognitoScopes = { read: "rahcp/buckets.read", write: "rahcp/buckets.write", admin: "rahcp/buckets.admin" };

  beforeEach(() => {
    trustTestIssuer(issuer, { ...testAuthSettings, scopes: cognitoScopes });
  });

  const scopedRows = routeRows.filter(([, route]) => route.permission !== "authenticated");
  const neededScope = (route: RouteSpec) => cognitoScopes[route.permission as Permission];

  it.each(scopedRows)("%s accepts the configured scope names", async (_id, route) => {
    const { res } = await send(route, `Bearer ${await issuer.token(neededScope(route))}`);
    expect(res.status).toBe(route.successStatus);
  });

  it.each(scopedRows)("%s refuses the default scope names once others are configured", async (_id, route) => {
    const { res } = await send(route, `Bearer ${await issuer.token("buckets:read", "buckets:write", "buckets:admin")}`);
    expect(res.status).toBe(403);
    expect(String(res.json?.detail)).toContain(neededScope(route));
    expect(res.headers["www-authenticate"]).toContain(`scope="${neededScope(route)}"`);
  });

  it("the configured admin scope implies the others", async () => {
    const token = await issuer.token(cognitoScopes.admin);
    for (const route of routeList) expect((await send(route, `Bearer ${token}`)).res.status).toBe(route.successStatus);
  });
});

describe("Cognito user pool tokens", () => {
  const userPoolId = "eu-west-1_TestPool1";
  const cognitoIssuer = `https://cognito-idp.eu-west-1.amazonaws.com/${userPoolId}`;
  const settings: AuthSettings = {
    ...DEFAULT_TOKEN_RULES,
    kind: "cognito",
    userPoolId,
    clientId: ["app-client-1"],
    scopes: { read: "rahcp/buckets.read", write: "rahcp/buckets.write", admin: "rahcp/buckets.admin" },
  };

  beforeEach(() => {
    useTokenVerifier(settings, createTokenVerifier(settings, offlineJwksCache(`${cognitoIssuer}/.well-known/jwks.json`, issuer.jwks)));
  });

  // Cognito access tokens carry client_id and token_use instead of aud.
  const cognitoToken = (claims: Record<string, unknown> = {}) =>
    new SignJWT({ token_use: "access", client_id: "app-client-1", scope: "rahcp/buckets.read", ...claims })
      .setProtectedHeader({ alg: "RS256", kid: issuer.kid })
      .setIssuer(cognitoIssuer)
      .setSubject("cognito-user")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(issuer.signer.privateKey);

  it("accepts an access token with the resource-server scope", async () => {
    expect((await send(routes.listBuckets, `Bearer ${await cognitoToken()}`)).res.status).toBe(200);
  });

  it("refuses a write with only the read scope", async () => {
    expect((await send(routes.deleteBucket, `Bearer ${await cognitoToken()}`)).res.status).toBe(403);
  });

  it.each([
    ["an ID token", { token_use: "id" }, /access token is required/],
    ["another app client", { client_id: "someone-else" }, /audience \(client id\)/],
  ])("refuses %s", async (_name, claims, detail) => {
    const { res } = await send(routes.listBuckets, `Bearer ${await cognitoToken(claims)}`);
    expect(res.status).toBe(401);
    expect(String(res.json?.detail)).toMatch(detail);
  });
});
