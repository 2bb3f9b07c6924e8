import type { components } from "./generated/api.js";

/** Names for the API's shapes, all taken from the generated OpenAPI types. */
type Schemas = components["schemas"];

export type ListBucketsResponse = Schemas["ListBucketsResponse"];
export type BucketSummary = Schemas["BucketSummary"];
export type BucketMutationResponse = Schemas["BucketMutationResponse"];
export type DeleteBucketResponse = Schemas["DeleteBucketResponse"];
export type ForceDeleteProgress = Schemas["ForceDeleteProgress"];
export type BucketVersioningResponse = Schemas["BucketVersioningResponse"];
export type VersioningStatus = Schemas["VersioningStatus"];
export type VersioningMutationResponse = Schemas["VersioningMutationResponse"];
export type ListObjectsResponse = Schemas["ListObjectsResponse"];
export type ObjectSummary = Schemas["ObjectSummary"];
export type ListVersionsResponse = Schemas["ListVersionsResponse"];
export type ObjectVersion = Schemas["ObjectVersion"];
export type DeleteMarker = Schemas["DeleteMarker"];
export type ListUploadsResponse = Schemas["ListUploadsResponse"];
export type MultipartUploadSummary = Schemas["MultipartUploadSummary"];
export type AclResponse = Schemas["AclResponse"];
export type AclPolicy = Schemas["AclPolicy"];
/** What setAcl takes: an AclPolicy, or getAcl's answer as it is. */
export type SetAclRequest = Schemas["SetAclRequest"];
export type AclOwner = Schemas["Owner"];
export type AclGrant = Schemas["Grant"];
export type AclGrantee = Schemas["Grantee"];
export type AclPermission = Schemas["AclPermission"];
export type ErrorResponse = Schemas["ErrorResponse"];
export type MeResponse = Schemas["MeResponse"];
export type EffectiveGrant = Schemas["EffectiveGrant"];
