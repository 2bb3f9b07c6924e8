import { vi } from "vitest";
import { S3TenantDirectory, s3Settings, tenantDirectory, useTenantDirectory, type RouteSpec, type S3Settings } from "@rahcp/core";
import { invoke, type EventOptions } from "../../kit/events";
import { loadHandler, type LambdaHandler } from "../support/handlers";
import { createTestIssuer, trustTestIssuer } from "../support/tokens";
import { eventFor } from "../support/route-cases";
import { FakeS3 } from "../../kit/fake-s3";

/** Short timeouts so that every failure mode plays out in well under a second or two. */
export const FAST_S3_ENV = {
  S3_CONNECT_TIMEOUT_MS: "200",
  S3_REQUEST_TIMEOUT_MS: "500",
  S3_MAX_ATTEMPTS: "3",
  S3_BUDGET_MS: "2000",
} as const;

export const HCP_SECRET = "0123456789abcdef0123456789abcdef";

export interface FaultHarness {
  fake: FakeS3;
  settings: S3Settings;
  /** Sets the environment and builds the container's tenants from it afresh (the real container path). */
  install(env?: Partial<Record<keyof typeof FAST_S3_ENV, string>>): void;
  /** Invokes the route's real handler; returns status, parsed body and elapsed milliseconds. */
  call(route: RouteSpec, overrides?: Partial<EventOptions>): Promise<Awaited<ReturnType<typeof invoke>> & { ms: number }>;
  close(): Promise<void>;
}

export async function faultHarness(): Promise<FaultHarness> {
  const fake = new FakeS3();
  await fake.start();
  let current: { settings: S3Settings; directory: S3TenantDirectory } | undefined;
  const release = () => {
    current?.directory.destroy();
    useTenantDirectory(undefined);
  };

  const issuer = await createTestIssuer();
  trustTestIssuer(issuer);
  const token = await issuer.token("buckets:admin");
  const handlers = new Map<string, LambdaHandler>();

  const harness: FaultHarness = {
    fake,
    get settings() {
      return current!.settings;
    },
    install(env = {}) {
      release();
      const values = { ...FAST_S3_ENV, ...env };
      vi.stubEnv("HCP_ENDPOINT", fake.endpoint);
      vi.stubEnv("HCP_ACCESS_KEY_ID", "AKIDFAULTTEST");
      vi.stubEnv("HCP_SECRET_ACCESS_KEY", HCP_SECRET);
      for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
      const directory = tenantDirectory();
      if (!(directory instanceof S3TenantDirectory)) throw new Error("expected the container's S3 tenants");
      current = { settings: s3Settings(), directory };
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
      release();
      await fake.stop();
      vi.unstubAllEnvs();
    },
  };
  return harness;
}
