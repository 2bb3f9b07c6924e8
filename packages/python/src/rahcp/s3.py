"""Bucket operations of the API (``/api/v1/buckets``): ``client.s3``."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Union

from . import _operations as ops
from ._pagination import follow_pages
from ._transport import Transport
from .errors import NotFoundError
from .models import (
    AclPolicy,
    AclResponse,
    BucketMutationResponse,
    BucketSummary,
    BucketVersioningResponse,
    CreateBucketRequest,
    DeleteBucketResponse,
    ForceDeleteProgress,
    ListBucketsResponse,
    ListObjectsResponse,
    ListUploadsResponse,
    ListVersionsResponse,
    MultipartUploadSummary,
    ObjectSummary,
    SetVersioningRequest,
    VersionEntry,
    VersioningMutationResponse,
    VersioningStatus,
)

__all__ = ["S3Api", "ProgressCallback"]

#: Called with each 202 of a force delete: a plain function, or an async one (it is awaited).
ProgressCallback = Callable[[ForceDeleteProgress], Union[Awaitable[None], None]]


class S3Api:
    """Every method is a coroutine (or an async iterator) and raises a
    :class:`~rahcp.errors.RahcpError` subclass on failure."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    # --- buckets ---------------------------------------------------------------------------------

    async def list_buckets(
        self,
        *,
        prefix: str | None = None,
        max_buckets: int | None = None,
        continuation_token: str | None = None,
    ) -> ListBucketsResponse:
        """One page of the buckets the caller may read, in name order, with their owner; iterate
        the result for the buckets. ``prefix`` keeps names that begin with it; ``max_buckets`` is
        1–1000 (server default 1000); ``continuation_token`` is a page's ``next_continuation_token``."""
        result: ListBucketsResponse = await self._transport.call(
            ops.LIST_BUCKETS,
            query={"prefix": prefix, "max_buckets": max_buckets, "continuation_token": continuation_token},
        )
        return result

    def list_buckets_pages(
        self,
        *,
        prefix: str | None = None,
        max_buckets: int | None = None,
        continuation_token: str | None = None,
    ) -> AsyncIterator[ListBucketsResponse]:
        """Every page of the bucket listing, from ``continuation_token`` when given."""

        async def page(token: str | None) -> ListBucketsResponse:
            return await self.list_buckets(prefix=prefix, max_buckets=max_buckets, continuation_token=token)

        return follow_pages(page, lambda p: p.next_continuation_token, continuation_token)

    async def iter_buckets(
        self,
        *,
        prefix: str | None = None,
        max_buckets: int | None = None,
        continuation_token: str | None = None,
    ) -> AsyncIterator[BucketSummary]:
        """Every bucket the caller may read, across all pages (``max_buckets`` is the page size)."""
        pages = self.list_buckets_pages(prefix=prefix, max_buckets=max_buckets, continuation_token=continuation_token)
        async for page in pages:
            for bucket in page.buckets:
                yield bucket

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

    async def delete_bucket(
        self, bucket: str, *, force: bool = False, on_progress: ProgressCallback | None = None
    ) -> DeleteBucketResponse:
        """Deletes an empty bucket; ConflictError when objects, versions or delete markers remain
        (nothing is removed then).

        With ``force=True`` (needs the admin scope, and admin on the bucket under an access policy)
        the API first removes every object version, delete marker and in-progress multipart
        upload. It answers 202 (:class:`~rahcp.models.ForceDeleteProgress`) when a request's time
        runs out first; this method then repeats the request, until the API answers 200 or an
        error. ``deleted`` of the result counts what all those requests removed.

        ``on_progress`` is called with each 202's progress (its ``deleted`` counts that request),
        before the next request: a plain function, or an async one, which is awaited. Each request
        is retried like any DELETE (429, 502, 503, 504, network errors); an error once the retries
        are spent, a 409 naming versions that cannot be deleted (retention, legal hold), an
        exception raised by ``on_progress`` or cancelling the task stops the loop, and the bucket
        keeps what is left: calling again continues where it stands.
        """
        if on_progress is not None and not force:
            raise TypeError("on_progress reports a force delete's progress: pass force=True with it")
        path = {"bucket": bucket}
        if not force:
            plain: DeleteBucketResponse = await self._transport.call(ops.DELETE_BUCKET, path=path)
            return plain
        deleted = 0
        while True:
            # The bucket itself is the server's state: each request continues where the last one stopped.
            answer: DeleteBucketResponse | ForceDeleteProgress = await self._transport.call(
                ops.DELETE_BUCKET, path=path, query={"force": True}
            )
            deleted += answer.deleted or 0
            if isinstance(answer, DeleteBucketResponse):
                return dataclasses.replace(answer, deleted=deleted)
            if on_progress is not None:
                reported = on_progress(answer)
                if inspect.isawaitable(reported):
                    await reported

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

    # --- multipart uploads -----------------------------------------------------------------------

    async def list_uploads(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        max_uploads: int | None = None,
        key_marker: str | None = None,
        upload_id_marker: str | None = None,
    ) -> ListUploadsResponse:
        """One page of the bucket's in-progress multipart uploads, by key. ``max_uploads`` is
        1–1000 (server default 1000); ``key_marker`` alone starts after every upload of that key,
        with ``upload_id_marker`` after that upload of it."""
        result: ListUploadsResponse = await self._transport.call(
            ops.LIST_UPLOADS,
            path={"bucket": bucket},
            query={
                "prefix": prefix,
                "max_uploads": max_uploads,
                "key_marker": key_marker,
                "upload_id_marker": upload_id_marker,
            },
        )
        return result

    def list_uploads_pages(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        max_uploads: int | None = None,
        key_marker: str | None = None,
        upload_id_marker: str | None = None,
    ) -> AsyncIterator[ListUploadsResponse]:
        """Every page of the upload listing, from the given markers when given."""

        async def page(cursor: tuple[str, str | None] | None) -> ListUploadsResponse:
            key, upload = cursor if cursor is not None else (None, None)
            return await self.list_uploads(
                bucket, prefix=prefix, max_uploads=max_uploads, key_marker=key, upload_id_marker=upload
            )

        def following(p: ListUploadsResponse) -> tuple[str, str | None] | None:
            return None if p.next_key_marker is None else (p.next_key_marker, p.next_upload_id_marker)

        first = None if key_marker is None else (key_marker, upload_id_marker)
        return follow_pages(page, following, first)

    async def iter_uploads(
        self,
        bucket: str,
        *,
        prefix: str | None = None,
        max_uploads: int | None = None,
        key_marker: str | None = None,
        upload_id_marker: str | None = None,
    ) -> AsyncIterator[MultipartUploadSummary]:
        """Every in-progress multipart upload across all pages (``max_uploads`` is the page size)."""
        pages = self.list_uploads_pages(
            bucket, prefix=prefix, max_uploads=max_uploads, key_marker=key_marker, upload_id_marker=upload_id_marker
        )
        async for page in pages:
            for upload in page.uploads:
                yield upload

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
