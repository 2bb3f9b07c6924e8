from __future__ import annotations

from collections.abc import Callable

import pytest

from rahcp import BucketVersioningResponse, NotFoundError, RahcpClient, ValidationError, VersioningMutationResponse

Names = Callable[[str], str]


async def test_never_enabled_then_enabled_then_suspended(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("ver")
    await client.s3.create_bucket(name)
    assert await client.s3.get_versioning(name) == BucketVersioningResponse(status=None, mfa_delete=None)

    assert await client.s3.set_versioning(name, "Enabled") == VersioningMutationResponse(
        status="updated", versioning="Enabled"
    )
    assert (await client.s3.get_versioning(name)).status == "Enabled"

    assert (await client.s3.set_versioning(name, "Suspended")).versioning == "Suspended"
    assert (await client.s3.get_versioning(name)).status == "Suspended"


async def test_versioning_of_a_missing_bucket_is_not_found(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("nover")
    with pytest.raises(NotFoundError):
        await client.s3.get_versioning(name)
    with pytest.raises(NotFoundError):
        await client.s3.set_versioning(name, "Enabled")


async def test_an_unknown_status_is_refused_by_the_api(client: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("badver")
    await client.s3.create_bucket(name)
    with pytest.raises(ValidationError) as caught:
        await client.s3.set_versioning(name, "Disabled")  # type: ignore[arg-type]
    assert caught.value.status == 400
    assert "status" in caught.value.detail
    assert (await client.s3.get_versioning(name)).status is None
