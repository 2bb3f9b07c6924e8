import * as z from "zod/mini";

/** Bucket ACL policy in S3's Owner/Grants structure, as accepted by set-ACL. */

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

export type AclPolicy = z.infer<typeof AclPolicy>;
