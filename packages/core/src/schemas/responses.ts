import * as z from "zod/mini";
import { ERROR_CODE_NAMES, type ErrorCode } from "../http/error-codes";
import { AclListing } from "./acl";
import { VersioningStatusSchema } from "./versioning";

/** Response bodies. Handlers never import this module (responses are not validated at runtime), so these
 * schemas stay out of function bundles; the route list, the OpenAPI document and the tests use them. */

export const ErrorResponse = z.object({
  detail: z.string(),
  code: z.enum(ERROR_CODE_NAMES as [ErrorCode, ...ErrorCode[]]),
  request_id: z.string(),
});

export const BucketMutationResponse = z.object({
  status: z.enum(["created", "deleted", "updated"]),
  bucket: z.string(),
});

/** Delete answers: a forced one also says how many versions and delete markers this call removed. */
export const DeleteBucketResponse = z.object({
  status: z.literal("deleted"),
  bucket: z.string(),
  deleted: z.optional(z.number().check(z.int(), z.gte(0))),
});

/** 202 of a force delete whose time ran out before the bucket was empty: call again to continue. */
export const ForceDeleteProgress = z.object({
  status: z.literal("emptying"),
  bucket: z.string(),
  deleted: z.number().check(z.int(), z.gte(0)),
  remaining: z.literal(true),
});

export const MultipartUploadSummary = z.object({
  key: z.string(),
  upload_id: z.string(),
  initiated: z.iso.datetime({ offset: true }),
  storage_class: z.string(),
});

export const ListUploadsResponse = z.object({
  uploads: z.array(MultipartUploadSummary),
  is_truncated: z.boolean(),
  next_key_marker: z.nullable(z.string()),
  next_upload_id_marker: z.nullable(z.string()),
});

export const BucketSummary = z.object({
  name: z.string(),
  creation_date: z.nullable(z.iso.datetime({ offset: true })),
});

export const ListBucketsResponse = z.object({
  buckets: z.array(BucketSummary),
  owner: z.nullable(z.object({ display_name: z.nullable(z.string()), id: z.nullable(z.string()) })),
  is_truncated: z.boolean(),
  next_continuation_token: z.nullable(z.string()),
});

const PermissionName = z.enum(["read", "write", "admin"]);

export const EffectiveGrant = z.object({
  tenant: z.string(),
  buckets: z.array(z.string()),
  allow: z.array(PermissionName),
  rule: z.nullable(z.string()),
});

export const MeResponse = z.object({
  sub: z.string(),
  tenant: z.string(),
  groups: z.array(z.string()),
  client_id: z.nullable(z.string()),
  scopes: z.array(z.string()),
  permissions: z.array(PermissionName),
  policy: z.boolean(),
  grants: z.array(EffectiveGrant),
});

export const BucketVersioningResponse = z.object({
  status: z.nullable(VersioningStatusSchema),
  mfa_delete: z.nullable(z.enum(["Enabled", "Disabled"])),
});

export const VersioningMutationResponse = z.object({
  status: z.literal("updated"),
  versioning: VersioningStatusSchema,
});

export const ObjectVersion = z.object({
  key: z.string(),
  version_id: z.string(),
  is_latest: z.boolean(),
  last_modified: z.iso.datetime({ offset: true }),
  size: z.number(),
  etag: z.string(),
  storage_class: z.string(),
});

export const DeleteMarker = z.object({
  key: z.string(),
  version_id: z.string(),
  is_latest: z.boolean(),
  last_modified: z.iso.datetime({ offset: true }),
});

export const ListVersionsResponse = z.object({
  versions: z.array(ObjectVersion),
  delete_markers: z.array(DeleteMarker),
  is_truncated: z.boolean(),
  next_key_marker: z.nullable(z.string()),
  next_version_id_marker: z.nullable(z.string()),
  key_count: z.number(),
});

export const ObjectSummary = z.object({
  key: z.string(),
  size: z.number(),
  last_modified: z.iso.datetime({ offset: true }),
  etag: z.string(),
  storage_class: z.string(),
});

export const ListObjectsResponse = z.object({
  objects: z.array(ObjectSummary),
  common_prefixes: z.array(z.string()),
  is_truncated: z.boolean(),
  next_continuation_token: z.nullable(z.string()),
  key_count: z.number(),
});

/** Get-ACL's answer: the very shape set-ACL accepts back (schemas/acl.ts). */
export const AclResponse = AclListing;

export type ErrorResponse = z.infer<typeof ErrorResponse>;
export type BucketMutationResponse = z.infer<typeof BucketMutationResponse>;
export type ListBucketsResponse = z.infer<typeof ListBucketsResponse>;
export type BucketVersioningResponse = z.infer<typeof BucketVersioningResponse>;
export type VersioningMutationResponse = z.infer<typeof VersioningMutationResponse>;
export type ListVersionsResponse = z.infer<typeof ListVersionsResponse>;
export type ListObjectsResponse = z.infer<typeof ListObjectsResponse>;
export type AclResponse = z.infer<typeof AclResponse>;
export type MeResponse = z.infer<typeof MeResponse>;
export type DeleteBucketResponse = z.infer<typeof DeleteBucketResponse>;
export type ForceDeleteProgress = z.infer<typeof ForceDeleteProgress>;
export type ListUploadsResponse = z.infer<typeof ListUploadsResponse>;
