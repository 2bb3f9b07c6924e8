import type { BucketStore, TenantDirectory } from "@rahcp/core";
import type { MintOptions } from "@rahcp/local";
import type { Account, DirectObjects } from "../backend";

/**
 * What the access-model contract needs from a backend: a local server serving two tenants with an
 * access policy, tokens for any caller, a count of the storage calls the API made, and direct
 * object writes per tenant. Two tenants stand for two HCP tenants: separate bucket namespaces
 * (embedded: one namespace each; Ceph RGW: two RGW tenants) with their own keys.
 */
export interface AccessBackend {
  name: string;
  url: string;
  /** The two tenants served, e.g. ["archive", "research"]. */
  tenants: readonly [string, string];
  mint(options: MintOptions): Promise<string>;
  /** Storage operations the API has started so far, on any tenant (each is one or more S3 calls). */
  backendCalls(): number;
  objects(tenant: string): DirectObjects;
  /** The account owning the buckets the API creates in `tenant`. */
  owner(tenant: string): Account;
  bucketPrefix: string;
  removeBucket(tenant: string, bucket: string): Promise<void>;
  close(): Promise<void>;
}

export type AccessBackendFactory = (policy: (prefix: string) => unknown) => Promise<AccessBackend>;

/** Counts every store operation, so a test can prove a refusal made no backend call. */
export function countingTenants(inner: TenantDirectory): TenantDirectory & { calls: () => number } {
  let calls = 0;
  const wrap = (store: BucketStore): BucketStore =>
    new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    description: inner.description,
    tenants: inner.tenants,
    implicitTenant: inner.implicitTenant,
    storeFor: async (tenant) => wrap(await inner.storeFor(tenant)),
    calls: () => calls,
  };
}
