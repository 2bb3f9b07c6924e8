import { schemas, StoreError, type AclListing, type AclPermission, type AclPolicy, type Grant } from "@rahcp/core";

/** A local user, standing in for an S3 account: the store's owner and any extra grantees. */
export interface StoreUser {
  id: string;
  displayName: string;
  email?: string | undefined;
}

/** The predefined groups Ceph RGW accepts (it rejects S3's LogDelivery group); any other URI is rejected. */
const GROUP_URIS: ReadonlySet<string> = new Set([
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
]);

/** A new bucket's ACL, as S3 creates it: the owner alone, with FULL_CONTROL. */
export function defaultAcl(owner: StoreUser): AclListing {
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
 * - a Group grantee must be one of the predefined groups Ceph RGW accepts (AllUsers, AuthenticatedUsers);
 * - display names come from the user, not from the request;
 * - grants are kept in Ceph RGW's order: group grants first, then user grants by ID (byte order),
 *   grants of one grantee in the order given.
 */
export function aclToStore(
  bucket: string,
  owner: StoreUser,
  users: readonly StoreUser[],
  policy: AclPolicy,
): AclListing {
  const invalid = (message: string) => new StoreError("InvalidArgument", bucket, message);
  if (!policy.Owner?.ID) throw invalid("the ACL policy must name its owner");
  if (policy.Owner.ID !== owner.id) throw new StoreError("AccessDenied", bucket, "the ACL owner is not the bucket owner");
  if (!Array.isArray(policy.Grants)) throw invalid("the ACL policy must list grants");
  const grants = policy.Grants.map((grant): Grant => {
    if (!schemas.isAclPermission(grant?.Permission)) throw invalid("unknown ACL permission");
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
  return { owner: { ID: owner.id, DisplayName: owner.displayName }, grants: sortedLikeRgw(grants) };
}

/** RGW keeps grants in a map keyed by grantee ID, where groups have the empty ID. Array sort is stable. */
function sortedLikeRgw(grants: Grant[]): Grant[] {
  const keyOf = (grant: Grant) => Buffer.from(grant.Grantee.Type === "CanonicalUser" ? grant.Grantee.ID : "", "utf8");
  return grants.sort((a, b) => Buffer.compare(keyOf(a), keyOf(b)));
}

/** Whether the ACL grants `permission` to the user `userId`, directly, through FULL_CONTROL or through a group. */
export function aclGrants(acl: AclListing, userId: string, permission: AclPermission): boolean {
  return acl.grants.some(
    ({ Grantee: grantee, Permission: granted }) =>
      (granted === permission || granted === "FULL_CONTROL") &&
      ((grantee.Type === "CanonicalUser" && grantee.ID === userId) || (grantee.Type === "Group" && grantee.URI !== undefined && GROUP_URIS.has(grantee.URI))),
  );
}

function canonical(user: StoreUser) {
  return { Type: "CanonicalUser" as const, ID: user.id, DisplayName: user.displayName };
}
