import { StoreError, type BucketStore, type TenantDirectory } from "@rahcp/core";

export type FaultableOperation = "listVersions" | "deleteVersions" | "listUploads" | "abortUpload" | "deleteBucket";

/**
 * A tenant directory whose stores fail on demand, at the storage port: the same fault for every
 * backend (a 503 from HCP, as the S3 adapter would report it), so a test can break a batch half-way.
 */
export interface FaultPlan {
  /** Calls that still succeed first (default 0). */
  after?: number;
  /** Calls that then fail (default 1). */
  times?: number;
}

export function faultInjection(inner: TenantDirectory): { tenants: TenantDirectory; failNext(operation: FaultableOperation, plan?: FaultPlan): void } {
  const plans = new Map<string, { after: number; times: number }>();
  const wrap = (store: BucketStore): BucketStore =>
    new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const plan = plans.get(String(property));
          if (plan && plan.after > 0) plan.after--;
          else if (plan && plan.times > 0) {
            plan.times--;
            return Promise.reject(new StoreError("ServiceUnavailable", typeof args[0] === "string" ? args[0] : undefined, "injected fault"));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    tenants: {
      description: inner.description,
      tenants: inner.tenants,
      implicitTenant: inner.implicitTenant,
      storeFor: async (tenant) => wrap(await inner.storeFor(tenant)),
    },
    failNext: (operation, plan = {}) => void plans.set(operation, { after: plan.after ?? 0, times: plan.times ?? 1 }),
  };
}
