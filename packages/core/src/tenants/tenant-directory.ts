import type { S3Settings, S3Tuning } from "../settings/s3";
import type { BucketStore } from "../store/bucket-store";
import { createHcpS3Client } from "../store/s3-client";
import { S3BucketStore } from "../store/s3-store";
import { DEFAULT_TENANT, tenantNameProblem } from "./tenant-name";
import type { TenantConnections } from "./tenant-settings";

/** The tenants a deployment serves and the store of each: resolved per request, never fixed at load. */
export interface TenantDirectory {
  /** For logs and the local banner. */
  readonly description: string;
  /** The names served, or "any" when every valid tenant name is (the embedded store: one namespace each). */
  readonly tenants: readonly string[] | "any";
  /** The tenant of a token without the tenant claim: the only one configured, or none. */
  readonly implicitTenant: string | undefined;
  /** The store of a served tenant (the caller resolved the name first); opened on first use. */
  storeFor(tenant: string): BucketStore | Promise<BucketStore>;
}

/** Fixed stores by tenant name (tests, or a store the caller built and owns). */
export class StaticTenantDirectory implements TenantDirectory {
  readonly tenants: readonly string[];
  readonly implicitTenant: string | undefined;
  readonly description: string;

  constructor(private readonly stores: ReadonlyMap<string, BucketStore>) {
    this.tenants = [...stores.keys()].sort();
    this.implicitTenant = this.tenants.length === 1 ? this.tenants[0] : undefined;
    this.description = this.tenants.length === 1 ? stores.get(this.tenants[0]!)!.description : `tenants ${this.tenants.join(", ")}`;
  }

  storeFor(tenant: string): BucketStore {
    const store = this.stores.get(tenant);
    if (!store) throw new Error(`tenant '${tenant}' is not served`);
    return store;
  }
}

export type { S3Tuning } from "../settings/s3";

/**
 * HCP tenants over S3: one client per tenant per container, created on first use and kept (its
 * connections are reused by every later request for that tenant).
 */
export class S3TenantDirectory implements TenantDirectory {
  readonly description: string;
  readonly tenants: readonly string[];
  readonly implicitTenant: string | undefined;
  private readonly stores = new Map<string, S3BucketStore>();

  constructor(
    private readonly connections: TenantConnections,
    private readonly tuning: S3Tuning,
  ) {
    this.tenants = [...connections.keys()].sort();
    this.implicitTenant = this.tenants.length === 1 ? this.tenants[0] : undefined;
    this.description =
      this.tenants.length === 1 ? `S3 ${connections.get(this.tenants[0]!)!.endpoint}` : `S3, tenants ${this.tenants.join(", ")}`;
  }

  storeFor(tenant: string): BucketStore {
    let store = this.stores.get(tenant);
    if (!store) {
      const connection = this.connections.get(tenant);
      if (!connection) throw new Error(`tenant '${tenant}' is not served`); // resolveTenant refuses it first
      const settings: S3Settings = { ...this.tuning, ...connection, region: connection.region ?? this.tuning.region };
      store = new S3BucketStore(createHcpS3Client(settings), connection.endpoint, settings.budgetMs);
      this.stores.set(tenant, store);
    }
    return store;
  }

  /** Closes every client made so far (local server shutdown). */
  destroy(): void {
    for (const store of this.stores.values()) store.destroy();
    this.stores.clear();
  }
}

export type TenantResolution = { ok: true; tenant: string } | { ok: false; detail: string };

/**
 * The request's tenant from the token's claim: a served name as given; no claim only when exactly
 * one tenant is implicit. Anything else is refused: never a guess, never another tenant.
 */
export function resolveTenant(claim: unknown, directory: TenantDirectory, claimName: string): TenantResolution {
  if (claim === undefined) {
    if (directory.implicitTenant !== undefined) return { ok: true, tenant: directory.implicitTenant };
    return { ok: false, detail: `The token has no '${claimName}' claim, and this API serves several tenants: the claim must name one` };
  }
  const served = typeof claim === "string" && (directory.tenants === "any" ? tenantNameProblem(claim) === undefined : directory.tenants.includes(claim));
  if (served) return { ok: true, tenant: claim };
  return { ok: false, detail: `The token's '${claimName}' claim names no tenant this API serves` };
}


/** One store as the only tenant (`default` unless named): what a test or tool serving one store needs. */
export function singleTenant(store: BucketStore, name: string = DEFAULT_TENANT): StaticTenantDirectory {
  return new StaticTenantDirectory(new Map([[name, store]]));
}
