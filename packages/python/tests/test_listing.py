"""Listings against the local server: one page, and the iterators over many pages (objects,
versions, in-progress multipart uploads)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

import pytest

from rahcp import (
    DeleteMarker,
    ListObjectsResponse,
    ListUploadsResponse,
    MultipartUploadSummary,
    NotFoundError,
    ObjectSummary,
    ObjectVersion,
    RahcpClient,
    ValidationError,
)

from local_api import LocalApi

Names = Callable[[str], str]


@pytest.fixture
async def seeded(client: RahcpClient, local_api: LocalApi, bucket_name: Names) -> tuple[str, list[str]]:
    """A bucket with 23 objects under data/ and 2 under logs/."""
    name = bucket_name("list")
    await client.s3.create_bucket(name)
    keys = local_api.seed_objects(name, "data/file-", 23, size=150)
    keys += local_api.seed_objects(name, "logs/l-", 2)
    return name, keys


async def test_one_page_of_objects(client: RahcpClient, seeded: tuple[str, list[str]]) -> None:
    name, keys = seeded
    page = await client.s3.list_objects(name, max_keys=5)
    assert isinstance(page, ListObjectsResponse)
    assert [o.key for o in page.objects] == keys[:5]
    assert page.is_truncated and page.next_continuation_token and page.key_count == 5
    first = page.objects[0]
    assert isinstance(first, ObjectSummary)
    assert first.size == 150 and first.etag.startswith('"') and first.storage_class == "STANDARD"
    assert first.last_modified.tzinfo is not None

    rest = await client.s3.list_objects(name, continuation_token=page.next_continuation_token)
    assert [o.key for o in rest.objects] == keys[5:]
    assert not rest.is_truncated and rest.next_continuation_token is None


async def test_iter_objects_follows_every_page(client: RahcpClient, seeded: tuple[str, list[str]]) -> None:
    name, keys = seeded
    pages = [page async for page in client.s3.list_objects_pages(name, max_keys=4)]
    assert len(pages) == 7  # 25 objects, 4 a page
    assert all(p.is_truncated for p in pages[:-1]) and not pages[-1].is_truncated
    assert [o.key async for o in client.s3.iter_objects(name, max_keys=4)] == keys
    assert [o.key async for o in client.s3.iter_objects(name)] == keys  # one page of up to 1000


async def test_iter_objects_with_a_prefix_and_a_start_token(client: RahcpClient, seeded: tuple[str, list[str]]) -> None:
    name, keys = seeded
    data = [k for k in keys if k.startswith("data/")]
    assert [o.key async for o in client.s3.iter_objects(name, prefix="data/", max_keys=3)] == data
    first = await client.s3.list_objects(name, prefix="data/", max_keys=10)
    resumed = [
        o.key
        async for o in client.s3.iter_objects(
            name, prefix="data/", max_keys=6, continuation_token=first.next_continuation_token
        )
    ]
    assert resumed == data[10:]


async def test_delimiter_pages_carry_the_common_prefixes(client: RahcpClient, seeded: tuple[str, list[str]]) -> None:
    name, _ = seeded
    prefixes = [
        p async for page in client.s3.list_objects_pages(name, delimiter="/", max_keys=1) for p in page.common_prefixes
    ]
    assert prefixes == ["data/", "logs/"]
    assert [o async for o in client.s3.iter_objects(name, delimiter="/")] == []


async def test_prefixes_with_spaces_and_unicode_reach_the_api_intact(
    client: RahcpClient, local_api: LocalApi, bucket_name: Names
) -> None:
    name = bucket_name("enc")
    await client.s3.create_bucket(name)
    for key in ["a b/1", "a+b/1", "å ä/ö", "a&b=c/1"]:
        local_api.put_object(name, key)
    for prefix in ["a b/", "a+b/", "å ä/", "a&b=c/"]:
        assert [o.key async for o in client.s3.iter_objects(name, prefix=prefix)] == [
            f"{prefix}{'ö' if prefix == 'å ä/' else '1'}"
        ]


async def test_listing_errors(client: RahcpClient, seeded: tuple[str, list[str]], bucket_name: Names) -> None:
    name, _ = seeded
    with pytest.raises(NotFoundError):
        await client.s3.list_objects(bucket_name("nolist"))
    with pytest.raises(NotFoundError):
        [o async for o in client.s3.iter_versions(bucket_name("nolist"))]
    with pytest.raises(ValidationError) as caught:
        await client.s3.list_objects(name, max_keys=0)
    assert "max_keys" in caught.value.detail


@pytest.fixture
async def versioned(client: RahcpClient, local_api: LocalApi, bucket_name: Names) -> str:
    """k0..k5 with three versions each, and a delete marker as the latest of k1 and k4."""
    name = bucket_name("vers")
    await client.s3.create_bucket(name)
    await client.s3.set_versioning(name, "Enabled")
    for round_number in range(3):
        for i in range(6):
            local_api.put_object(name, f"k{i}", body=f"v{round_number}" * (i + 1))
    local_api.delete_object(name, "k1")
    local_api.delete_object(name, "k4")
    return name


async def test_one_page_of_versions(client: RahcpClient, versioned: str) -> None:
    page = await client.s3.list_versions(versioned, max_keys=5)
    assert page.is_truncated and page.next_key_marker and page.next_version_id_marker
    entries = page.entries()
    assert len(entries) == len(page.versions) + len(page.delete_markers) == 5
    assert all(isinstance(v, ObjectVersion) for v in page.versions)
    assert all(isinstance(m, DeleteMarker) for m in page.delete_markers)
    assert [e.key for e in entries] == ["k0", "k0", "k0", "k1", "k1"]
    assert entries[0].is_latest and not entries[1].is_latest
    assert isinstance(entries[3], DeleteMarker) and entries[3].is_latest and entries[3].kind == "delete_marker"


async def test_iter_versions_over_many_pages_equals_the_single_page(client: RahcpClient, versioned: str) -> None:
    whole = (await client.s3.list_versions(versioned)).entries()
    assert len(whole) == 6 * 3 + 2 and not (await client.s3.list_versions(versioned)).is_truncated
    pages = [page async for page in client.s3.list_versions_pages(versioned, max_keys=3)]
    assert len(pages) == 7
    paged = [e async for e in client.s3.iter_versions(versioned, max_keys=3)]
    assert [(e.kind, e.key, e.version_id) for e in paged] == [(e.kind, e.key, e.version_id) for e in whole]
    # S3's order: by key, then the latest first, then newest first.
    for key in {e.key for e in paged}:
        of_key = [e for e in paged if e.key == key]
        assert of_key[0].is_latest and not any(e.is_latest for e in of_key[1:])
        assert [e.last_modified for e in of_key] == sorted((e.last_modified for e in of_key), reverse=True)
    markers = [e for e in paged if isinstance(e, DeleteMarker)]
    assert [m.key for m in markers] == ["k1", "k4"]
    assert all(isinstance(e, ObjectVersion) and e.size > 0 for e in paged if e.kind == "version")


async def test_iter_versions_with_a_prefix_and_start_markers(client: RahcpClient, versioned: str) -> None:
    only_k2 = [e async for e in client.s3.iter_versions(versioned, prefix="k2", max_keys=2)]
    assert [e.key for e in only_k2] == ["k2"] * 3
    first = await client.s3.list_versions(versioned, max_keys=4)
    whole = (await client.s3.list_versions(versioned)).entries()
    resumed = [
        e.version_id
        async for e in client.s3.iter_versions(
            versioned, max_keys=4, key_marker=first.next_key_marker, version_id_marker=first.next_version_id_marker
        )
    ]
    assert resumed == [e.version_id for e in whole[4:]]


@pytest.fixture
async def uploading(client: RahcpClient, local_api: LocalApi, bucket_name: Names) -> tuple[str, list[tuple[str, str]]]:
    """A bucket with 7 in-progress uploads, two and three of them of one key; returns (bucket,
    [(key, upload_id)] as one whole page lists them), after checking that page holds exactly them."""
    name = bucket_name("upl")
    await client.s3.create_bucket(name)
    keys = ["data/b", "big/a", "data/c", "big/a", "data/c", "data/b", "data/c"]
    made = {(key, local_api.create_upload(name, key)) for key in keys}
    whole = await client.s3.list_uploads(name)
    listed = [(u.key, u.upload_id) for u in whole.uploads]
    assert set(listed) == made and len(listed) == len(keys) and not whole.is_truncated
    # By key (S3's byte order); one key's uploads in the backend's order (RGW: by upload id).
    assert [key for key, _ in listed] == sorted(keys)
    return name, listed


async def test_one_page_of_uploads(client: RahcpClient, uploading: tuple[str, list[tuple[str, str]]]) -> None:
    name, uploads = uploading
    page = await client.s3.list_uploads(name, max_uploads=3)
    assert isinstance(page, ListUploadsResponse)
    assert [(u.key, u.upload_id) for u in page.uploads] == uploads[:3]
    assert page.is_truncated and (page.next_key_marker, page.next_upload_id_marker) == uploads[2]
    first = page.uploads[0]
    assert isinstance(first, MultipartUploadSummary) and first.storage_class == "STANDARD"
    assert first.initiated.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - first.initiated).total_seconds()) < 120

    rest = await client.s3.list_uploads(
        name, key_marker=page.next_key_marker, upload_id_marker=page.next_upload_id_marker
    )
    assert [(u.key, u.upload_id) for u in rest.uploads] == uploads[3:]
    assert not rest.is_truncated and rest.next_key_marker is None and rest.next_upload_id_marker is None


async def test_iter_uploads_follows_every_page(
    client: RahcpClient, uploading: tuple[str, list[tuple[str, str]]]
) -> None:
    name, uploads = uploading
    pages = [page async for page in client.s3.list_uploads_pages(name, max_uploads=2)]
    assert [len(p.uploads) for p in pages] == [2, 2, 2, 1]
    assert all(p.is_truncated for p in pages[:-1]) and not pages[-1].is_truncated
    assert [(u.key, u.upload_id) async for u in client.s3.iter_uploads(name, max_uploads=2)] == uploads


async def test_iter_uploads_with_a_prefix_and_start_markers(
    client: RahcpClient, uploading: tuple[str, list[tuple[str, str]]]
) -> None:
    name, uploads = uploading
    data = [u for u in uploads if u[0].startswith("data/")]
    assert [(u.key, u.upload_id) async for u in client.s3.iter_uploads(name, prefix="data/", max_uploads=2)] == data
    key, upload_id = uploads[4]  # the first upload of data/c: resume between two uploads of one key
    resumed = client.s3.iter_uploads(name, max_uploads=1, key_marker=key, upload_id_marker=upload_id)
    assert [(u.key, u.upload_id) async for u in resumed] == uploads[5:]
    after_key = [u.key async for u in client.s3.iter_uploads(name, key_marker="data/b", max_uploads=1)]
    assert after_key == ["data/c"] * 3  # a key marker alone skips every upload of that key


async def test_upload_listing_errors(
    client: RahcpClient, uploading: tuple[str, list[tuple[str, str]]], bucket_name: Names
) -> None:
    name, _ = uploading
    with pytest.raises(NotFoundError):
        await client.s3.list_uploads(bucket_name("noupl"))
    with pytest.raises(NotFoundError):
        [u async for u in client.s3.iter_uploads(bucket_name("noupl"))]
    with pytest.raises(ValidationError) as caught:
        await client.s3.list_uploads(name, max_uploads=1001)
    assert "max_uploads" in caught.value.detail
    assert (await client.s3.list_uploads(name, prefix="none/")).uploads == []
