export { EmbeddedBucketStore, DEFAULT_OWNER, type EmbeddedStoreOptions, type StoredObject } from "./embedded-bucket-store";
export { EmbeddedTenantDirectory, type EmbeddedTenantsOptions } from "./embedded-tenants";
export type { StoreUser } from "./bucket-acl";
export { DataDirBusyError } from "./data-dir-lock";
