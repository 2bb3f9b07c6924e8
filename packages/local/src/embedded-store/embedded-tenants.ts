import { join } from "node:path";
import { DEFAULT_TENANT, type TenantDirectory } from "@rahcp/core";
import { EmbeddedBucketStore, type EmbeddedStoreOptions } from "./embedded-bucket-store";

export interface EmbeddedTenantsOptions extends EmbeddedStoreOptions {
  /** Serve only these tenants (as a deployment's tenant list would); default: every valid name. */
  only?: readonly string[];
}

/**
 * The embedded store for every tenant, each in its own namespace: tenant `default` in the data dir
 * itself (so data written before tenants existed stays reachable), any other under
 * `tenants/<name>/`, opened on first use. A token without the tenant claim acts in `default`.
 */
export class EmbeddedTenantDirectory implements TenantDirectory {
  readonly tenants: readonly string[] | "any";
  readonly implicitTenant: string | undefined;
  readonly description: string;
  private readonly stores = new Map<string, Promise<EmbeddedBucketStore>>();

  private constructor(
    private readonly root: string,
    private readonly options: EmbeddedTenantsOptions,
    defaultStore: EmbeddedBucketStore,
  ) {
    const only = options.only;
    this.tenants = only ? [...only].sort() : "any";
    this.implicitTenant = only ? (only.length === 1 ? only[0] : undefined) : DEFAULT_TENANT;
    this.description = `${defaultStore.description}, one namespace per tenant`;
    this.stores.set(DEFAULT_TENANT, Promise.resolve(defaultStore));
  }

  /** Opens the default tenant's store at once, so a busy or damaged data dir fails the start. */
  static async open(root: string, options: EmbeddedTenantsOptions = {}): Promise<EmbeddedTenantDirectory> {
    return new EmbeddedTenantDirectory(root, options, await EmbeddedBucketStore.open(root, options));
  }

  /** Where a tenant's namespace lives (tenant names are validated before they get here). */
  dirOf(tenant: string): string {
    return tenant === DEFAULT_TENANT ? this.root : join(this.root, "tenants", tenant);
  }

  storeFor(tenant: string): Promise<EmbeddedBucketStore> {
    let store = this.stores.get(tenant);
    if (!store) {
      store = EmbeddedBucketStore.open(this.dirOf(tenant), this.options);
      store.catch(() => this.stores.delete(tenant)); // a failed open is retried by the next request
      this.stores.set(tenant, store);
    }
    return store;
  }

  async close(): Promise<void> {
    const opened = await Promise.allSettled(this.stores.values());
    this.stores.clear();
    await Promise.all(opened.flatMap((result) => (result.status === "fulfilled" ? [result.value.close()] : [])));
  }
}
