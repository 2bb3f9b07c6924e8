"""Bucket operations of the API (``/api/v1/buckets``): ``client.s3``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from . import _operations as ops
from ._pagination import follow_pages
from ._transport import Transport
from .errors import NotFoundError
from .models import (
    AclPolicy,
    AclResponse,
    BucketMutationResponse,
    BucketVersioningResponse,
    CreateBucketRequest,
    ListBucketsResponse,
    ListObjectsResponse,
    ListVersionsResponse,
    ObjectSummary,
    SetVersioningRequest,
    VersionEntry,
    VersioningMutationResponse,
    VersioningStatus,
)

__all__ = ["S3Api"]


class S3Api:
    """Every method is a coroutine (or an async iterator) and raises a
    :class:`~rahcp.errors.RahcpError` subclass on failure."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    # --- buckets ---------------------------------------------------------------------------------

    async def list_buckets(self) -> ListBucketsResponse:
        """The buckets the caller owns, with their owner. Iterate the result for the buckets."""
        result: ListBucketsResponse = await self._transport.call(ops.LIST_BUCKETS)
        return result

    async def create_bucket(self, bucket: str) -> BucketMutationResponse:
        """Creates a bucket; ConflictError when the name is taken. Never retried (POST)."""
        result: BucketMutationResponse = await self._transport.call(
            ops.CREATE_BUCKET, body=CreateBucketRequest(bucket=bucket)
        )
        return result

    async def bucket_exists(self, bucket: str) -> bool:
        """True when the bucket exists, False on 404; other failures (401, 403, 5xx) still raise."""
        try:
            await self._transport.call(ops.HEAD_BUCKET, path={"bucket": bucket})
        except NotFoundError:
            return False
        return True

    async def delete_bucket(self, bucket: str) -> BucketMutationResponse:
        """Deletes an empty bucket; ConflictError when objects, versions or delete markers remain."""
        result: BucketMutationResponse = await self._transport.call(ops.DELETE_BUCKET, path={"bucket": bucket})
        return result

    # --- versioning ------------------------------------------------------------------------------

    async def get_versioning(self, bucket: str) -> BucketVersioningResponse:
        """``status`` is None when versioning was never enabled."""
        result: BucketVersioningResponse = await self._transport.call(ops.GET_VERSIONING, path={"bucket": bucket})
        return result

    async def set_versioning(self, bucket: str, status: VersioningStatus) -> VersioningMutationResponse:
        """``"Enabled"`` or ``"Suspended"`` (versioning cannot be switched off once enabled)."""
        result: VersioningMutationResponse = await self._transport.call(
            ops.SET_VERSIONING, path={"bucket": bucket}, body=SetVersioningRequest(status=status)
        )
        return result

    # --- objects ---------------------------------------------------------------------------------

    async def list_objects(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        delimiter: str | None = None,
        max_keys: int | None = None,
        continuation_token: str | None = None,
    ) -> ListObjectsResponse:
        """One page of current objects (ListObjectsV2). ``max_keys`` is 1–1000 (server default
        1000); ``delimiter`` (usually ``"/"``) rolls keys up into ``common_prefixes``."""
        result: ListObjectsResponse = await self._transport.call(
            ops.LIST_OBJECTS,
            path={"bucket": bucket},
            query={
                "prefix": prefix,
                "delimiter": delimiter,
                "max_keys": max_keys,
                "continuation_token": continuation_token,
            },
        )
        return result

    def list_objects_pages(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        delimiter: str | None = None,
        max_keys: int | None = None,
        continuation_token: str | None = None,
    ) -> AsyncIterator[ListObjectsResponse]:
        """Every page of the object listing, from ``continuation_token`` when given."""

        async def page(token: str | None) -> ListObjectsResponse:
            return await self.list_objects(
                bucket, prefix=prefix, delimiter=delimiter, max_keys=max_keys, continuation_token=token
            )

        return follow_pages(page, lambda p: p.next_continuation_token, continuation_token)

    async def iter_objects(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        delimiter: str | None = None,
        max_keys: int | None = None,
        continuation_token: str | None = None,
    ) -> AsyncIterator[ObjectSummary]:
        """Every object across all pages (``max_keys`` is the page size). Common prefixes are on the
        pages: use :meth:`list_objects_pages` for them."""
        pages = self.list_objects_pages(
            bucket, prefix=prefix, delimiter=delimiter, max_keys=max_keys, continuation_token=continuation_token
        )
        async for page in pages:
            for summary in page.objects:
                yield summary

    # --- versions --------------------------------------------------------------------------------

    async def list_versions(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        max_keys: int | None = None,
        key_marker: str | None = None,
        version_id_marker: str | None = None,
    ) -> ListVersionsResponse:
        """One page of object versions and delete markers (``page.entries()`` merges them)."""
        result: ListVersionsResponse = await self._transport.call(
            ops.LIST_VERSIONS,
            path={"bucket": bucket},
            query={
                "prefix": prefix,
                "max_keys": max_keys,
                "key_marker": key_marker,
                "version_id_marker": version_id_marker,
            },
        )
        return result

    def list_versions_pages(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        max_keys: int | None = None,
        key_marker: str | None = None,
        version_id_marker: str | None = None,
    ) -> AsyncIterator[ListVersionsResponse]:
        """Every page of the version listing, from the given markers when given."""

        async def page(cursor: tuple[str, str | None] | None) -> ListVersionsResponse:
            key, version = cursor if cursor is not None else (None, None)
            return await self.list_versions(
                bucket, prefix=prefix, max_keys=max_keys, key_marker=key, version_id_marker=version
            )

        def following(p: ListVersionsResponse) -> tuple[str, str | None] | None:
            return None if p.next_key_marker is None else (p.next_key_marker, p.next_version_id_marker)

        first = None if key_marker is None else (key_marker, version_id_marker)
        return follow_pages(page, following, first)

    async def iter_versions(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        max_keys: int | None = None,
        key_marker: str | None = None,
        version_id_marker: str | None = None,
    ) -> AsyncIterator[VersionEntry]:
        """Every version and delete marker across all pages, in S3's order (by key, newest first):
        :class:`~rahcp.models.ObjectVersion` or :class:`~rahcp.models.DeleteMarker`."""
        pages = self.list_versions_pages(
            bucket, prefix=prefix, max_keys=max_keys, key_marker=key_marker, version_id_marker=version_id_marker
        )
        async for page in pages:
            for entry in page.entries():
                yield entry

    # --- ACL -------------------------------------------------------------------------------------

    async def get_acl(self, bucket: str) -> AclResponse:
        """The bucket's owner and grants (``acl.to_policy()`` turns them into a policy to set)."""
        result: AclResponse = await self._transport.call(ops.GET_ACL, path={"bucket": bucket})
        return result

    async def set_acl(self, bucket: str, policy: AclPolicy | Mapping[str, Any]) -> BucketMutationResponse:
        """Replaces the bucket's whole access control policy (needs the admin scope). ``policy`` is
        an :class:`~rahcp.models.AclPolicy` or its JSON (``{"Owner": …, "Grants": […]}``); a JSON
        policy of the wrong shape raises ValueError naming the field, before any request."""
        body = policy if isinstance(policy, AclPolicy) else AclPolicy.from_json(dict(policy))
        result: BucketMutationResponse = await self._transport.call(ops.SET_ACL, path={"bucket": bucket}, body=body)
        return result
