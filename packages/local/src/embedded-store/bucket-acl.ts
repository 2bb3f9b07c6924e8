import { StoreError, type AccessControlList, type AclPermission, type CanonicalOwner, type Grant } from "@rahcp/core";

/** A local user, standing in for an S3 account: the store's owner and any extra grantees. */
export interface StoreUser {
  id: string;
  displayName: string;
  email?: string | undefined;
}

const PERMISSIONS: ReadonlySet<string> = new Set<AclPermission>(["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"]);

/** The predefined groups S3 knows; any other group URI is rejected as S3 does. */
const GROUP_URIS: ReadonlySet<string> = new Set([
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
  "http://acs.amazonaws.com/groups/s3/LogDelivery",
]);

/** A new bucket's ACL, as S3 creates it: the owner alone, with FULL_CONTROL. */
export function defaultAcl(owner: StoreUser): AccessControlList {
  return {
    owner: { ID: owner.id, DisplayName: owner.displayName },
    grants: [{ Grantee: { Type: "CanonicalUser", ID: owner.id, DisplayName: owner.displayName }, Permission: "FULL_CONTROL" }],
  };
}

/**
 * Checks a PutBucketAcl policy the way S3 does and returns the ACL to keep:
 * - the policy must name the bucket owner; another owner is AccessDenied;
 * - a CanonicalUser grantee must be a known user (S3: "Invalid id"), an email grantee must resolve
 *   to one (S3: UnresolvableGrantByEmailAddress) and is kept as that CanonicalUser, as S3 reports it;
 * - a Group grantee must be one of S3's predefined groups;
 * - display names come from the user, not from the request.
 */
export function aclToStore(
  bucket: string,
  owner: StoreUser,
  users: readonly StoreUser[],
  policy: { Owner: CanonicalOwner; Grants: Grant[] },
): AccessControlList {
  const invalid = (message: string) => new StoreError("InvalidArgument", bucket, message);
  if (!policy.Owner?.ID) throw invalid("the ACL policy must name its owner");
  if (policy.Owner.ID !== owner.id) throw new StoreError("AccessDenied", bucket, "the ACL owner is not the bucket owner");
  if (!Array.isArray(policy.Grants)) throw invalid("the ACL policy must list grants");
  const grants = policy.Grants.map((grant): Grant => {
    if (!PERMISSIONS.has(grant?.Permission)) throw invalid("unknown ACL permission");
    const { Grantee: grantee } = grant;
    switch (grantee?.Type) {
      case "CanonicalUser": {
        const user = users.find((u) => u.id === grantee.ID);
        if (!user) throw invalid("the grantee ID is not a known user");
        return { Grantee: canonical(user), Permission: grant.Permission };
      }
      case "AmazonCustomerByEmail": {
        const email = grantee.EmailAddress?.toLowerCase();
        const user = users.find((u) => email !== undefined && u.email?.toLowerCase() === email);
        if (!user) throw invalid("the grantee email address does not resolve to a known user");
        return { Grantee: canonical(user), Permission: grant.Permission };
      }
      case "Group":
        if (!grantee.URI || !GROUP_URIS.has(grantee.URI)) throw invalid("unknown group URI");
        return { Grantee: { Type: "Group", URI: grantee.URI }, Permission: grant.Permission };
      default:
        throw invalid("unknown grantee type");
    }
  });
  return { owner: { ID: owner.id, DisplayName: owner.displayName }, grants };
}

function canonical(user: StoreUser) {
  return { Type: "CanonicalUser" as const, ID: user.id, DisplayName: user.displayName };
}
