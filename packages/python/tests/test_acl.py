from __future__ import annotations

from collections.abc import Callable

import pytest

from rahcp import (
    AclGrant,
    AclGrantee,
    AclPolicy,
    AclResponse,
    BucketMutationResponse,
    ForbiddenError,
    NotFoundError,
    Owner,
    RahcpClient,
    ValidationError,
)

from conftest import READ, WRITE
from local_api import LocalApi

Names = Callable[[str], str]
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


async def test_a_new_bucket_gives_its_owner_full_control(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("acl")
    await client.s3.create_bucket(name)
    acl = await client.s3.get_acl(name)
    assert isinstance(acl, AclResponse)
    assert acl.owner.id and acl.owner.display_name
    assert acl.grants == [
        AclGrant(grantee=AclGrantee.canonical_user(acl.owner.id, acl.owner.display_name), permission="FULL_CONTROL")
    ]


async def test_read_modify_write_with_models(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("aclrw")
    await client.s3.create_bucket(name)
    acl = await client.s3.get_acl(name)
    owner_id = acl.owner.id or ""
    # The local store knows one account (the owner) and S3's public groups, which the API refuses
    # by default: a second grant to the owner is the change it accepts.
    added = AclGrant(grantee=AclGrantee.canonical_user(owner_id), permission="READ_ACP")
    policy = acl.to_policy([*acl.grants, added])
    assert await client.s3.set_acl(name, policy) == BucketMutationResponse(status="updated", bucket=name)
    after = await client.s3.get_acl(name)
    assert after.grants[:1] == acl.grants
    assert after.grants[1:] == [
        AclGrant(grantee=AclGrantee.canonical_user(owner_id, acl.owner.display_name), permission="READ_ACP")
    ]
    assert after.to_json()["grants"][1] == {
        "Grantee": {"Type": "CanonicalUser", "ID": owner_id, "DisplayName": acl.owner.display_name},
        "Permission": "READ_ACP",
    }


async def test_a_public_grant_is_refused_with_a_typed_error_and_the_acl_kept(
    client: RahcpClient, bucket_name: Names
) -> None:
    name = bucket_name("aclpub")
    await client.s3.create_bucket(name)
    acl = await client.s3.get_acl(name)
    public = acl.to_policy([*acl.grants, AclGrant(grantee=AclGrantee.group(ALL_USERS), permission="READ")])
    with pytest.raises(ForbiddenError) as caught:
        await client.s3.set_acl(name, public)
    assert (caught.value.status, caught.value.code) == (403, "PublicAclBlocked")
    assert ALL_USERS in caught.value.detail and "ALLOW_PUBLIC_ACL" in caught.value.detail
    assert (await client.s3.get_acl(name)).grants == acl.grants


async def test_set_acl_takes_the_apis_json_too(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("acljson")
    await client.s3.create_bucket(name)
    owner = (await client.s3.get_acl(name)).owner.id
    policy = {
        "Owner": {"ID": owner},
        "Grants": [
            {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
            {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "READ_ACP"},
        ],
    }
    await client.s3.set_acl(name, policy)
    permissions = sorted(g.permission for g in (await client.s3.get_acl(name)).grants)
    assert permissions == ["FULL_CONTROL", "READ_ACP"]


async def test_a_json_policy_of_the_wrong_shape_fails_before_any_request(client: RahcpClient) -> None:
    with pytest.raises(ValueError, match=r"AclPolicy\.Grants is missing"):
        await client.s3.set_acl("any-bucket", {"Owner": {"ID": "x"}})
    with pytest.raises(ValueError, match=r"AclPolicy\.Grants\[0\]\.Permission must be a string"):
        await client.s3.set_acl(
            "any-bucket", {"Owner": {"ID": "x"}, "Grants": [{"Grantee": {"Type": "Group"}, "Permission": 1}]}
        )


async def test_the_api_refuses_bad_grants_with_a_validation_error(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("aclbad")
    await client.s3.create_bucket(name)
    owner = Owner(id=(await client.s3.get_acl(name)).owner.id or "")
    everything = AclGrant(grantee=AclGrantee.group(ALL_USERS), permission="EVERYTHING")  # type: ignore[arg-type]
    bad_permission = AclPolicy(owner=owner, grants=[everything])
    with pytest.raises(ValidationError) as caught:
        await client.s3.set_acl(name, bad_permission)
    assert "Permission" in caught.value.detail
    missing_uri = AclPolicy(owner=owner, grants=[AclGrant(grantee=AclGrantee(type="Group"), permission="READ")])
    with pytest.raises(ValidationError):
        await client.s3.set_acl(name, missing_uri)


async def test_acl_errors_by_status(local_api: LocalApi, client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("aclerr")
    with pytest.raises(NotFoundError):
        await client.s3.get_acl(name)
    await client.s3.create_bucket(name)
    policy = (await client.s3.get_acl(name)).to_policy()
    async with RahcpClient(local_api.url, local_api.mint([READ, WRITE])) as not_admin:
        assert (await not_admin.s3.get_acl(name)).grants == policy.grants
        with pytest.raises(ForbiddenError) as caught:
            await not_admin.s3.set_acl(name, policy)
    assert "buckets:admin" in caught.value.detail


def test_an_acl_without_the_owner_id_is_refused_when_decoded() -> None:
    # The API always names the owner's ID (it answers 502 when the backend does not).
    with pytest.raises(ValueError, match="ID is missing"):
        AclResponse.from_json({"owner": {}, "grants": []})
