import * as z from "zod/mini";

/**
 * Bucket ACLs in S3's Owner/Grants structure: one Owner, Grantee and Grant schema for what set-ACL
 * accepts and what get-ACL answers, so GET's answer can be sent back as it is. These are the ACL
 * types everywhere: the store port (store/bucket-store.ts) and both stores use them as they are.
 */

/** S3's ACL permissions (not the API's read/write/admin, which are PERMISSIONS in permissions.ts). */
export const ACL_PERMISSIONS = ["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"] as const;

export type AclPermission = (typeof ACL_PERMISSIONS)[number];

export function isAclPermission(value: unknown): value is AclPermission {
  return ACL_PERMISSIONS.includes(value as AclPermission);
}

export const AclPermissionSchema = z.enum(ACL_PERMISSIONS, {
  error: `Permission must be one of ${ACL_PERMISSIONS.join(", ")}`,
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

/** S3 keeps at most 100 grants per ACL. */
const Grants = z.array(Grant).check(z.maxLength(100, "at most 100 grants"));

/** The spec's spelling of a policy to set. */
export const AclPolicy = z.strictObject({ Owner, Grants });

/** The same policy as get-ACL answers it (the spec's `AclResponse`). */
export const AclListing = z.strictObject({ owner: Owner, grants: Grants });

/** Set-ACL's body: either spelling, so that GET's answer can be edited and put back. */
export const SetAclRequest = z.union([AclPolicy, AclListing]);

export type Grantee = z.infer<typeof Grantee>;
export type Grant = z.infer<typeof Grant>;
export type Owner = z.infer<typeof Owner>;
export type AclPolicy = z.infer<typeof AclPolicy>;
export type AclListing = z.infer<typeof AclListing>;
export type SetAclRequest = z.infer<typeof SetAclRequest>;

/** The spec's spelling, whichever was sent. */
export function asAclPolicy(body: SetAclRequest): AclPolicy {
  return "Owner" in body ? body : { Owner: body.owner, Grants: body.grants };
}
