"""Who the caller is (``client.me()``) and the paged bucket listing, against the local server:
without an access policy (the scopes alone decide) and with one (groups decide per bucket)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest

from rahcp import (
    AuthenticationError,
    BucketSummary,
    EffectiveGrant,
    ForbiddenError,
    ListBucketsResponse,
    MeResponse,
    RahcpClient,
    ValidationError,
)

from conftest import ADMIN, READ, WRITE
from local_api import LocalApi

Names = Callable[[str], str]


# --- me() without a policy -----------------------------------------------------------------------


async def test_me_for_a_token_without_groups(local_api: LocalApi) -> None:
    async with RahcpClient(local_api.url, local_api.mint([READ])) as client:
        me = await client.me()
    assert me == MeResponse(
        sub="local-dev",
        tenant="default",  # no tenant claim: the only tenant the server has
        groups=[],
        client_id=None,
        scopes=[READ],
        permissions=["read"],
        policy=False,
        grants=[EffectiveGrant(tenant="default", buckets=["*"], allow=["read"], rule=None)],
    )


async def test_me_for_a_token_with_groups_tenant_and_client(local_api: LocalApi) -> None:
    token = local_api.mint(
        [WRITE], subject="alice", groups=["team-a", "auditors"], tenant="default", client_id="argo-ingest"
    )
    async with RahcpClient(local_api.url, token) as client:
        me = await client.me()
    assert (me.sub, me.tenant, me.groups, me.client_id) == ("alice", "default", ["team-a", "auditors"], "argo-ingest")
    assert me.scopes == [WRITE] and me.permissions == ["read", "write"]  # write implies read
    assert me.policy is False  # without a policy, groups are reported but grant nothing
    assert me.grants == [EffectiveGrant(tenant="default", buckets=["*"], allow=["read", "write"], rule=None)]
    assert MeResponse.from_json(me.to_json()) == me
    assert me.to_json()["client_id"] == "argo-ingest" and me.to_json()["grants"][0]["rule"] is None


async def test_me_needs_a_valid_token_but_no_scope(client: RahcpClient, local_api: LocalApi) -> None:
    everything = await client.me()
    assert everything.scopes == sorted([READ, WRITE, ADMIN]) and everything.permissions == ["read", "write", "admin"]
    async with RahcpClient(local_api.url, local_api.mint([])) as nobody:
        me = await nobody.me()
        assert (me.scopes, me.permissions, me.grants) == ([], [], [])
        with pytest.raises(ForbiddenError):
            await nobody.s3.list_buckets()


async def test_me_errors_are_typed(local_api: LocalApi) -> None:
    async with RahcpClient(local_api.url, "not-a-jwt") as client:
        with pytest.raises(AuthenticationError) as unauthenticated:
            await client.me()
    assert (unauthenticated.value.status, unauthenticated.value.code) == (401, "Unauthorized")
    assert unauthenticated.value.operation == "GET /api/v1/me" and unauthenticated.value.request_id
    async with RahcpClient(local_api.url, local_api.mint([READ], tenant="archive")) as elsewhere:
        with pytest.raises(ForbiddenError) as unknown:
            await elsewhere.me()  # a tenant the server does not serve: never a guess
    assert (unknown.value.status, unknown.value.code) == (403, "UnknownTenant")
    assert "'tenant' claim" in unknown.value.detail


# --- the paged bucket listing --------------------------------------------------------------------


@pytest.fixture
async def five_buckets(client: RahcpClient, bucket_name: Names) -> tuple[str, list[str]]:
    """A prefix and the five buckets under it, in name order, plus one just outside it."""
    prefix = bucket_name("pg") + "-"
    names = [f"{prefix}{letter}" for letter in "abcde"]
    for name in reversed(names):  # the API answers in name order, not creation order
        await client.s3.create_bucket(name)
    await client.s3.create_bucket(prefix.rstrip("-") + "x")  # shares all but the last character
    return prefix, names


async def test_list_buckets_pages_by_hand_with_the_continuation_token(
    client: RahcpClient, five_buckets: tuple[str, list[str]]
) -> None:
    prefix, names = five_buckets
    first = await client.s3.list_buckets(prefix=prefix, max_buckets=2)
    assert isinstance(first, ListBucketsResponse) and first.names == names[:2] and len(first) == 2
    assert all(isinstance(b, BucketSummary) and b.creation_date is not None for b in first)
    assert first.is_truncated and first.next_continuation_token and first.owner is not None
    second = await client.s3.list_buckets(
        prefix=prefix, max_buckets=2, continuation_token=first.next_continuation_token
    )
    assert second.names == names[2:4] and second.is_truncated
    last = await client.s3.list_buckets(prefix=prefix, max_buckets=2, continuation_token=second.next_continuation_token)
    assert last.names == names[4:] and not last.is_truncated and last.next_continuation_token is None
    whole = await client.s3.list_buckets(prefix=prefix)
    assert whole.names == names and not whole.is_truncated and whole.next_continuation_token is None


async def test_list_buckets_pages_and_iter_buckets_follow_every_page(
    client: RahcpClient, five_buckets: tuple[str, list[str]]
) -> None:
    prefix, names = five_buckets
    pages = [page async for page in client.s3.list_buckets_pages(prefix=prefix, max_buckets=2)]
    assert [page.names for page in pages] == [names[:2], names[2:4], names[4:]]
    assert [page.is_truncated for page in pages] == [True, True, False]
    assert [b.name async for b in client.s3.iter_buckets(prefix=prefix, max_buckets=2)] == names
    assert [b.name async for b in client.s3.iter_buckets(prefix=prefix, max_buckets=1)] == names
    assert [b.name async for b in client.s3.iter_buckets(prefix=prefix)] == names  # one page of up to 1000
    everything = [b.name async for b in client.s3.iter_buckets(max_buckets=3)]
    assert everything == sorted(everything) and set(names) <= set(everything)
    assert prefix.rstrip("-") + "x" in everything


async def test_iter_buckets_resumes_at_a_continuation_token(
    client: RahcpClient, five_buckets: tuple[str, list[str]]
) -> None:
    prefix, names = five_buckets
    first = await client.s3.list_buckets(prefix=prefix, max_buckets=3)
    resumed = [
        b.name
        async for b in client.s3.iter_buckets(
            prefix=prefix, max_buckets=1, continuation_token=first.next_continuation_token
        )
    ]
    assert resumed == names[3:]
    pages = client.s3.list_buckets_pages(prefix=prefix, continuation_token=first.next_continuation_token)
    assert [page.names async for page in pages] == [names[3:]]


async def test_bucket_listing_errors_are_typed(local_api: LocalApi, client: RahcpClient) -> None:
    for bad in (0, 1001):
        with pytest.raises(ValidationError) as caught:
            await client.s3.list_buckets(max_buckets=bad)
        assert caught.value.status == 400 and "max_buckets" in caught.value.detail
    with pytest.raises(ValidationError) as too_long:
        [b async for b in client.s3.iter_buckets(prefix="p" * 64)]
    assert "prefix" in too_long.value.detail
    with pytest.raises(ValidationError) as forged:
        await client.s3.list_buckets(continuation_token="not-a-token-the-api-issued")
    assert forged.value.status == 400 and forged.value.operation == "GET /api/v1/buckets"
    async with RahcpClient(local_api.url, "not-a-jwt") as stranger:
        with pytest.raises(AuthenticationError):
            [b async for b in stranger.s3.iter_buckets()]
    with pytest.raises(ValidationError):
        [page async for page in client.s3.list_buckets_pages(max_buckets=-1)]


# --- with an access policy -----------------------------------------------------------------------

POLICY = """\
rules:
  - id: ops-admin
    who: { group: ops }
    tenant: "*"
    buckets: ["*"]
    allow: [admin]
  - id: team-a-rw
    who: { group: team-a }
    tenant: default
    buckets: ["team-a-*"]
    allow: [read, write]
  - id: auditors-read
    who: { group: auditors }
    tenant: "*"
    buckets: ["team-?-*"]
    allow: [read]
"""
ALL_SCOPES = [READ, WRITE, ADMIN]


@pytest.fixture(scope="module")
def policy_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalApi]:
    """A second local server, with POLICY as its access policy (YAML, as the README writes them)."""
    policy_file = tmp_path_factory.mktemp("policy") / "policy.yaml"
    policy_file.write_text(POLICY)
    api = LocalApi(policy_file=policy_file)
    try:
        yield api
    finally:
        api.close()


@pytest.fixture(scope="module")
def policy_buckets(policy_api: LocalApi) -> list[str]:
    """Buckets inside and outside team-a's grant, made once (by an ops member, who may create any)."""
    names = ["other-1", "team-a-1", "team-a-2", "team-a-3", "team-b-1"]
    token = policy_api.mint(ALL_SCOPES, subject="op", groups=["ops"])

    async def create() -> None:  # on a loop of its own: the fixture outlives the tests' loops
        async with RahcpClient(policy_api.url, token) as ops:
            for name in names:
                await ops.s3.create_bucket(name)

    asyncio.run(create())
    return names


async def test_me_reports_the_grants_of_the_callers_groups(policy_api: LocalApi) -> None:
    alice = policy_api.mint([READ, WRITE], subject="alice", groups=["team-a", "auditors"])
    async with RahcpClient(policy_api.url, alice) as client:
        me = await client.me()
    assert (me.sub, me.tenant, me.groups, me.policy) == ("alice", "default", ["team-a", "auditors"], True)
    assert me.grants == [
        EffectiveGrant(tenant="default", buckets=["team-a-*"], allow=["read", "write"], rule="team-a-rw"),
        EffectiveGrant(tenant="*", buckets=["team-?-*"], allow=["read"], rule="auditors-read"),
    ]
    # The scopes narrow what the rules grant.
    async with RahcpClient(policy_api.url, policy_api.mint([READ], groups=["team-a"])) as reader:
        assert (await reader.me()).grants == [
            EffectiveGrant(tenant="default", buckets=["team-a-*"], allow=["read"], rule="team-a-rw")
        ]
    # Every scope, but no group a rule names: nothing.
    async with RahcpClient(policy_api.url, policy_api.mint(ALL_SCOPES)) as outsider:
        me = await outsider.me()
    assert (me.permissions, me.policy, me.grants) == (["read", "write", "admin"], True, [])


async def test_bucket_pages_hold_only_what_the_policy_lets_the_caller_read(
    policy_api: LocalApi, policy_buckets: list[str]
) -> None:
    async with RahcpClient(policy_api.url, policy_api.mint([READ, WRITE], groups=["team-a"])) as team_a:
        pages = [page.names async for page in team_a.s3.list_buckets_pages(max_buckets=2)]
        assert pages == [["team-a-1", "team-a-2"], ["team-a-3"]]
        with pytest.raises(ForbiddenError) as caught:
            await team_a.s3.create_bucket("other-2")
        assert caught.value.code == "BucketAccessDenied" and "other-2" in caught.value.detail
    async with RahcpClient(policy_api.url, policy_api.mint([READ], groups=["auditors"])) as auditor:
        assert [b.name async for b in auditor.s3.iter_buckets(max_buckets=1)] == [
            "team-a-1",
            "team-a-2",
            "team-a-3",
            "team-b-1",
        ]
        assert [b.name async for b in auditor.s3.iter_buckets(prefix="team-b")] == ["team-b-1"]
    async with RahcpClient(policy_api.url, policy_api.mint(ALL_SCOPES)) as outsider:
        page = await outsider.s3.list_buckets()
        assert (page.names, page.is_truncated, page.next_continuation_token) == ([], False, None)
