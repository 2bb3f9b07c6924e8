import { S3Client } from "@aws-sdk/client-s3";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, routeList, routes, useTokenVerifier, type TokenVerifier } from "@rahcp/core";
import { invoke } from "../../kit/events";
import { loadRouteHandlers, type LambdaHandler } from "../support/handlers";
import { createTestIssuer, TEST_JWKS_URI, testAuthSettings, type TestIssuer } from "../support/tokens";
import { useMockedTenants } from "../support/tenants";
import { caseOf, eventFor } from "./route-cases";

const s3 = mockClient(S3Client);
let handlers: Map<string, LambdaHandler>;
let issuer: TestIssuer;

/** A JWKS endpoint stand-in that counts how often it is asked. */
class CountingFetcher {
  readonly uris: string[] = [];
  constructor(private readonly jwks: () => unknown) {}
  async fetch(uri: string): Promise<ArrayBuffer> {
    this.uris.push(uri);
    await new Promise((resolve) => setTimeout(resolve, 5)); // concurrent requests overlap the fetch
    return new TextEncoder().encode(JSON.stringify(this.jwks())).buffer as ArrayBuffer;
  }
}

function install(fetcher: CountingFetcher, preload = false): TokenVerifier {
  const cache = new SimpleJwksCache({ fetcher });
  if (preload) cache.addJwks(TEST_JWKS_URI, issuer.jwks);
  const verifier = createTokenVerifier(testAuthSettings, cache);
  useTokenVerifier(testAuthSettings, verifier);
  return verifier;
}

beforeAll(async () => {
  issuer = await createTestIssuer();
  useMockedTenants();
  handlers = await loadRouteHandlers();
});

beforeEach(() => {
  s3.reset();
  for (const route of routeList) caseOf(route).succeed(s3);
});

// Create shares HeadBucket with head (there it must fail); both cannot be mocked at once.
const spreadRoutes = routeList.filter((route) => route.id !== routes.createBucket.id);

/** 20 requests spread over the routes, with a fresh token each (as 20 different callers would send). */
async function twentyRequests(concurrently: boolean): Promise<number[]> {
  const one = async (i: number) => {
    const route = spreadRoutes[i % spreadRoutes.length]!;
    const res = await invoke(handlers.get(route.id), eventFor(route, await issuer.token("buckets:admin")));
    return res.status === route.successStatus ? 0 : res.status;
  };
  const indexes = Array.from({ length: 20 }, (_, i) => i);
  if (concurrently) return Promise.all(indexes.map(one));
  const out: number[] = [];
  for (const i of indexes) out.push(await one(i));
  return out;
}

describe("JWKS caching", () => {
  it("fetches the JWKS once for 20 concurrent requests", async () => {
    const fetcher = new CountingFetcher(() => issuer.jwks);
    install(fetcher);
    expect(await twentyRequests(true)).toEqual(Array(20).fill(0));
    expect(fetcher.uris).toEqual([TEST_JWKS_URI]);
  });

  it("fetches the JWKS once for 20 sequential requests, and not again for 20 more", async () => {
    const fetcher = new CountingFetcher(() => issuer.jwks);
    install(fetcher);
    expect(await twentyRequests(false)).toEqual(Array(20).fill(0));
    expect(await twentyRequests(true)).toEqual(Array(20).fill(0));
    expect(fetcher.uris).toHaveLength(1);
  });

  it("never fetches when the JWKS is preloaded", async () => {
    const fetcher = new CountingFetcher(() => issuer.jwks);
    install(fetcher, true);
    expect(await twentyRequests(true)).toEqual(Array(20).fill(0));
    expect(fetcher.uris).toHaveLength(0);
  });

  it("warm() loads the JWKS at container start; requests then fetch nothing", async () => {
    const fetcher = new CountingFetcher(() => issuer.jwks);
    const verifier = install(fetcher);
    await verifier.warm();
    expect(fetcher.uris).toHaveLength(1);
    expect(await twentyRequests(false)).toEqual(Array(20).fill(0));
    expect(fetcher.uris).toHaveLength(1);
  });

  it("warm() downloads once however often it is asked (every handler module asks at load), and again after a failure", async () => {
    let fail = true;
    const fetcher = new CountingFetcher(() => {
      if (fail) throw new Error("IdP down");
      return issuer.jwks;
    });
    const verifier = install(fetcher);
    await expect(verifier.warm()).rejects.toThrow();
    const failedAttempts = fetcher.uris.length; // aws-jwt-verify's fetcher may retry once itself
    fail = false;
    await Promise.all([verifier.warm(), verifier.warm(), verifier.warm()]);
    await verifier.warm();
    expect(fetcher.uris).toHaveLength(failedAttempts + 1);
  });

  it("a flood of tokens with an unknown key id costs one refetch, not one per request", async () => {
    const fetcher = new CountingFetcher(() => issuer.jwks);
    install(fetcher, true);
    const rogue = await createTestIssuer("rotated-or-forged-key");
    const token = await rogue.token("buckets:admin");
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await invoke(handlers.get(routes.listBuckets.id), eventFor(routes.listBuckets, token));
      statuses.push(res.status);
      expect(res.json?.detail).toBe("Token was not signed by a known key");
    }
    expect(statuses).toEqual(Array(20).fill(401));
    expect(fetcher.uris).toHaveLength(1);
    expect(s3.calls()).toHaveLength(0);
    // the known key keeps working meanwhile, from the cache
    const ok = await invoke(handlers.get(routes.listBuckets.id), eventFor(routes.listBuckets, await issuer.token("buckets:read")));
    expect(ok.status).toBe(200);
    expect(fetcher.uris).toHaveLength(1);
  });

  it("picks up a rotated key with one refetch", async () => {
    const next = await createTestIssuer("next-key");
    const fetcher = new CountingFetcher(() => ({ keys: [...issuer.jwks.keys, ...next.jwks.keys] }));
    install(fetcher, true);
    for (let i = 0; i < 5; i++) {
      const res = await invoke(handlers.get(routes.listBuckets.id), eventFor(routes.listBuckets, await next.token("buckets:read")));
      expect(res.status).toBe(200);
    }
    expect(fetcher.uris).toHaveLength(1);
  });
});
