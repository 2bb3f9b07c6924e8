import * as z from "zod/mini";
import { bucketNameProblem } from "./bucket-name";

/**
 * Every request and response shape of the API, once. Handlers validate with these, the OpenAPI
 * document is generated from them, and the tests parse real responses with them.
 */

export const BucketName = z.string().check(
  z.superRefine((name, ctx) => {
    const problem = bucketNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: `bucket name ${problem}`, input: name });
  }),
);

export const BucketParams = z.strictObject({ bucket: BucketName });

export const CreateBucketRequest = z.strictObject({ bucket: BucketName });

export const VersioningStatusSchema = z.enum(["Enabled", "Suspended"], {
  error: "status must be \"Enabled\" or \"Suspended\"",
});

export const SetVersioningRequest = z.strictObject({ status: VersioningStatusSchema });

const MaxKeys = z._default(
  z.coerce.number().check(
    z.multipleOf(1, "max_keys must be an integer"),
    z.gte(1, "max_keys must be between 1 and 1000"),
    z.lte(1000, "max_keys must be between 1 and 1000"),
  ),
  1000,
);

const QueryText = z.string().check(z.maxLength(1024, "must be at most 1024 characters"));

export const ListVersionsQuery = z.strictObject({
  prefix: z.optional(QueryText),
  max_keys: MaxKeys,
  key_marker: z.optional(QueryText),
  version_id_marker: z.optional(QueryText),
});

export const ListObjectsQuery = z.strictObject({
  prefix: z.optional(QueryText),
  delimiter: z.optional(z.string().check(z.minLength(1), z.maxLength(16, "must be at most 16 characters"))),
  max_keys: MaxKeys,
  continuation_token: z.optional(QueryText),
});

export const AclPermissionSchema = z.enum(["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"], {
  error: "Permission must be one of FULL_CONTROL, WRITE, WRITE_ACP, READ, READ_ACP",
});

const Id = z.string().check(z.minLength(1), z.maxLength(256));

export const Grantee = z.discriminatedUnion(
  "Type",
  [
    z.strictObject({ Type: z.literal("CanonicalUser"), ID: Id, DisplayName: z.optional(z.string()) }),
    z.strictObject({ Type: z.literal("Group"), URI: z.url({ protocol: /^https?$/ }) }),
    z.strictObject({
      Type: z.literal("AmazonCustomerByEmail"),
      EmailAddress: z.email(),
      DisplayName: z.optional(z.string()),
    }),
  ],
  { error: "Grantee.Type must be CanonicalUser (with ID), Group (with URI) or AmazonCustomerByEmail (with EmailAddress)" },
);

export const Grant = z.strictObject({ Grantee, Permission: AclPermissionSchema });

export const Owner = z.strictObject({ ID: Id, DisplayName: z.optional(z.string()) });

export const AclPolicy = z.strictObject({
  Owner,
  Grants: z.array(Grant).check(z.maxLength(100, "at most 100 grants")),
});

// Responses

export const ErrorResponse = z.object({
  detail: z.string(),
  code: z.string(),
  request_id: z.string(),
});

export const BucketSummary = z.object({
  name: z.string(),
  creation_date: z.nullable(z.iso.datetime({ offset: true })),
});

export const ListBucketsResponse = z.object({
  buckets: z.array(BucketSummary),
  owner: z.nullable(z.object({ display_name: z.nullable(z.string()), id: z.nullable(z.string()) })),
});

export const BucketMutationResponse = z.object({
  status: z.enum(["created", "deleted", "updated"]),
  bucket: z.string(),
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

export const AclGrantee = z.object({
  Type: z.enum(["CanonicalUser", "Group", "AmazonCustomerByEmail"]),
  ID: z.optional(z.string()),
  DisplayName: z.optional(z.string()),
  URI: z.optional(z.string()),
  EmailAddress: z.optional(z.string()),
});

export const AclResponse = z.object({
  owner: z.object({ ID: z.optional(z.string()), DisplayName: z.optional(z.string()) }),
  grants: z.array(z.object({ Grantee: AclGrantee, Permission: AclPermissionSchema })),
});

export type ListBucketsResponse = z.infer<typeof ListBucketsResponse>;
export type BucketMutationResponse = z.infer<typeof BucketMutationResponse>;
export type BucketVersioningResponse = z.infer<typeof BucketVersioningResponse>;
export type VersioningMutationResponse = z.infer<typeof VersioningMutationResponse>;
export type ListVersionsResponse = z.infer<typeof ListVersionsResponse>;
export type ListObjectsResponse = z.infer<typeof ListObjectsResponse>;
export type AclResponse = z.infer<typeof AclResponse>;
export type AclPolicy = z.infer<typeof AclPolicy>;
export type ErrorResponse = z.infer<typeof ErrorResponse>;
