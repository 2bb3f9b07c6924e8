import type { S3Client } from "@aws-sdk/client-s3";
import { vi } from "vitest";
import { createHcpS3Client, S3BucketStore, s3Settings, useBucketStore, type BucketStore, type RouteSpec, type S3Settings } from "@rahcp/core";
import { invoke, type EventOptions } from "../support/events";
import { loadHandler, type LambdaHandler } from "../support/handlers";
import { createTestIssuer, trustTestIssuer } from "../support/tokens";
import { eventFor } from "../unit/route-cases";
import { FakeS3 } from "../support/fake-s3";

/** Short timeouts so that every failure mode plays out in well under a second or two. */
export const FAST_S3_ENV = {
  S3_CONNECT_TIMEOUT_MS: "200",
  S3_REQUEST_TIMEOUT_MS: "500",
  S3_MAX_ATTEMPTS: "3",
  S3_BUDGET_MS: "2000",
} as const;

export const HCP_SECRET = "0123456789abcdef0123456789abcdef";

/**
 * Handler modules capture the container store when first imported (as on Lambda), so the test
 * installs a forwarding store before loading them and swaps what it forwards to.
 */
function forwardingStore(target: () => BucketStore): BucketStore {
  return new Proxy({} as BucketStore, {
    get(_, property) {
      const store = target();
      const value = Reflect.get(store, property) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(store) : value;
    },
  });
}

export interface FaultHarness {
  fake: FakeS3;
  settings: S3Settings;
  client: S3Client;
  /** Builds a fresh client + store from the environment (the real container path) and makes it current. */
  install(env?: Partial<Record<keyof typeof FAST_S3_ENV, string>>): void;
  /** Invokes the route's real handler; returns status, parsed body and elapsed milliseconds. */
  call(route: RouteSpec, overrides?: Partial<EventOptions>): Promise<Awaited<ReturnType<typeof invoke>> & { ms: number }>;
  close(): Promise<void>;
}

export async function faultHarness(): Promise<FaultHarness> {
  const fake = new FakeS3();
  await fake.start();
  let current: { settings: S3Settings; client: S3Client; store: BucketStore } | undefined;
  useBucketStore(forwardingStore(() => {
    if (!current) throw new Error("no store installed");
    return current.store;
  }));

  const issuer = await createTestIssuer();
  trustTestIssuer(issuer);
  const token = await issuer.token("buckets:admin");
  const handlers = new Map<string, LambdaHandler>();

  const harness: FaultHarness = {
    fake,
    get settings() {
      return current!.settings;
    },
    get client() {
      return current!.client;
    },
    install(env = {}) {
      current?.client.destroy();
      const values = { ...FAST_S3_ENV, ...env };
      vi.stubEnv("HCP_ENDPOINT", fake.endpoint);
      vi.stubEnv("HCP_ACCESS_KEY_ID", "AKIDFAULTTEST");
      vi.stubEnv("HCP_SECRET_ACCESS_KEY", HCP_SECRET);
      for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
      const settings = s3Settings();
      const client = createHcpS3Client(settings);
      current = { settings, client, store: new S3BucketStore(client, settings.endpoint, settings.budgetMs) };
    },
    async call(route, overrides = {}) {
      let handler = handlers.get(route.id);
      if (!handler) {
        handler = await loadHandler(route);
        handlers.set(route.id, handler);
      }
      const started = performance.now();
      const res = await invoke(handler, eventFor(route, token, overrides));
      return { ...res, ms: Math.round(performance.now() - started) };
    },
    async close() {
      current?.client.destroy();
      await fake.stop();
      vi.unstubAllEnvs();
    },
  };
  return harness;
}
