"""Bucket calls against the local server: success shapes and every error path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import pytest

from rahcp import (
    AuthenticationError,
    BucketMutationResponse,
    BucketSummary,
    ConflictError,
    DeleteBucketResponse,
    ForbiddenError,
    ListBucketsResponse,
    NotFoundError,
    RahcpClient,
    RahcpError,
    ValidationError,
)

from conftest import READ, WRITE
from local_api import LocalApi

Names = Callable[[str], str]


async def test_the_spec_line_lists_buckets(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("spec")
    await client.s3.create_bucket(name)
    buckets = await client.s3.list_buckets()
    assert isinstance(buckets, ListBucketsResponse)
    listed = {b.name: b for b in buckets}
    assert isinstance(listed[name], BucketSummary)
    created = listed[name].creation_date
    assert isinstance(created, datetime) and created.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - created).total_seconds()) < 120
    assert name in buckets.names and len(buckets) == len(buckets.buckets)
    assert buckets.owner is not None and buckets.owner.id


async def test_create_exists_delete(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("life")
    assert await client.s3.bucket_exists(name) is False
    assert await client.s3.create_bucket(name) == BucketMutationResponse(status="created", bucket=name)
    assert await client.s3.bucket_exists(name) is True
    assert await client.s3.delete_bucket(name) == DeleteBucketResponse(status="deleted", bucket=name)  # no count
    assert await client.s3.bucket_exists(name) is False
    assert name not in (await client.s3.list_buckets()).names


async def test_create_a_taken_name_is_a_conflict_with_the_apis_detail(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("taken")
    await client.s3.create_bucket(name)
    with pytest.raises(ConflictError) as caught:
        await client.s3.create_bucket(name)
    error = caught.value
    assert (error.status, error.code) == (409, "BucketAlreadyOwnedByYou")
    assert error.detail == f"Bucket '{name}' already exists"
    assert error.request_id and error.operation == "POST /api/v1/buckets"
    assert str(error) == f"{error.detail} (BucketAlreadyOwnedByYou, HTTP 409, request id {error.request_id})"


async def test_delete_a_bucket_that_holds_objects_is_a_conflict(
    client: RahcpClient, local_api: LocalApi, bucket_name: Names
) -> None:
    name = bucket_name("full")
    await client.s3.create_bucket(name)
    local_api.put_object(name, "file.txt")
    with pytest.raises(ConflictError) as caught:
        await client.s3.delete_bucket(name)
    assert caught.value.code == "BucketNotEmpty"
    assert await client.s3.bucket_exists(name)


async def test_delete_a_missing_bucket_is_not_found(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("missing")
    with pytest.raises(NotFoundError) as caught:
        await client.s3.delete_bucket(name)
    assert (caught.value.status, caught.value.code) == (404, "NoSuchBucket")
    assert caught.value.detail == f"Bucket '{name}' does not exist"
    assert caught.value.operation == f"DELETE /api/v1/buckets/{name}"


@pytest.mark.parametrize("name", ["Bad_Name", "ab", "a..b", "192.168.0.1", "xn--abc"])
async def test_an_invalid_name_is_a_validation_error_naming_the_problem(client: RahcpClient, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        await client.s3.create_bucket(name)
    assert caught.value.status == 400
    assert caught.value.code in {"InvalidBucketName", "ValidationError"}
    assert "bucket" in caught.value.detail.lower()
    assert caught.value.request_id


async def test_a_path_name_is_encoded_not_interpreted(client: RahcpClient) -> None:
    # "../acl" must reach the API as one (invalid) bucket name, never as another path.
    with pytest.raises(ValidationError):
        await client.s3.delete_bucket("../acl")
    with pytest.raises(ValidationError):
        await client.s3.bucket_exists("a/b")


async def test_a_bad_token_is_an_authentication_error(local_api: LocalApi) -> None:
    async with RahcpClient(local_api.url, "not-a-jwt") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.s3.list_buckets()
    assert (caught.value.status, caught.value.code) == (401, "Unauthorized")
    assert "JWT" in caught.value.detail


async def test_a_missing_scope_is_forbidden_and_names_the_scope(local_api: LocalApi, bucket_name: Names) -> None:
    async with RahcpClient(local_api.url, local_api.mint([READ])) as reader:
        assert isinstance(await reader.s3.list_buckets(), ListBucketsResponse)
        with pytest.raises(ForbiddenError) as caught:
            await reader.s3.create_bucket(bucket_name("nope"))
    assert (caught.value.status, caught.value.code) == (403, "InsufficientScope")
    assert WRITE in caught.value.detail


async def test_write_implies_read_but_not_admin(local_api: LocalApi, bucket_name: Names) -> None:
    async with RahcpClient(local_api.url, local_api.mint([WRITE])) as writer:
        name = bucket_name("wonly")
        assert (await writer.s3.create_bucket(name)).status == "created"
        assert await writer.s3.bucket_exists(name) is True  # HEAD needs read, which write implies
        assert name in [b.name async for b in writer.s3.iter_buckets(prefix=name)]
        policy = (await writer.s3.get_acl(name)).to_policy()
        with pytest.raises(ForbiddenError) as caught:
            await writer.s3.set_acl(name, policy)
        assert (caught.value.code, "buckets:admin" in caught.value.detail) == ("InsufficientScope", True)
        assert (await writer.s3.delete_bucket(name)).status == "deleted"


async def test_a_token_without_scopes_is_forbidden_every_bucket_call(local_api: LocalApi) -> None:
    async with RahcpClient(local_api.url, local_api.mint([])) as nobody:
        with pytest.raises(ForbiddenError) as caught:
            await nobody.s3.list_buckets()
    assert caught.value.code == "InsufficientScope" and READ in caught.value.detail


async def test_every_error_is_a_rahcp_error(client: RahcpClient, bucket_name: Names) -> None:
    with pytest.raises(RahcpError):
        await client.s3.get_versioning(bucket_name("none"))
