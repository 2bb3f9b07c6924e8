/**
 * Every request and response shape of the API, once. Handlers validate with these (each handler
 * bundles only the modules its route uses), the OpenAPI document is generated from them, and the
 * tests parse real responses with them.
 */
export * from "./bucket-name";
export * from "./paging";
export * from "./buckets";
export * from "./versioning";
export * from "./versions";
export * from "./objects";
export * from "./acl";
export * from "./uploads";
export * from "./responses";
