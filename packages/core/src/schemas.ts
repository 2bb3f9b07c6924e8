/**
 * Every request and response shape of the API, once. Handlers validate with these (each handler
 * bundles only the modules its route uses), the OpenAPI document is generated from them, and the
 * tests parse real responses with them.
 */
export * from "./schemas/bucket-name";
export * from "./schemas/paging";
export * from "./schemas/buckets";
export * from "./schemas/versioning";
export * from "./schemas/versions";
export * from "./schemas/objects";
export * from "./schemas/acl";
export * from "./schemas/uploads";
export * from "./schemas/responses";
