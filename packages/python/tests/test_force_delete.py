"""Force delete (``delete_bucket(…, force=True)``): against a local server whose force-delete budget
is 1 ms (FORCE_DELETE_BUDGET_MS=1 in its process), so that each request removes one batch of at
most 1 000 versions and answers 202 until the bucket is empty; and the loop's failure paths against
the scripted server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from rahcp import (
    ConflictError,
    DeleteBucketResponse,
    ForbiddenError,
    ForceDeleteProgress,
    NotFoundError,
    RahcpClient,
    RetryableError,
    RetryPolicy,
)

from conftest import WRITE
from fake_api import FakeApi, api_error, json_reply
from local_api import LocalApi

Names = Callable[[str], str]

#: The API's batch: ListObjectVersions pages and DeleteObjects calls of at most 1 000.
BATCH = 1000


@pytest.fixture(scope="module")
def tight_api() -> Iterator[LocalApi]:
    """A server of its own: the budget is a setting of the server process, read per request."""
    api = LocalApi(env={"FORCE_DELETE_BUDGET_MS": "1"})
    try:
        yield api
    finally:
        api.close()


@pytest.fixture
async def admin(tight_api: LocalApi) -> AsyncIterator[RahcpClient]:
    async with RahcpClient(tight_api.url, tight_api.token) as c:
        yield c


async def contents(client: RahcpClient, name: str) -> tuple[int, int]:
    """(versions and delete markers, uploads) in the bucket."""
    entries = [e async for e in client.s3.iter_versions(name)]
    uploads = [u async for u in client.s3.iter_uploads(name)]
    return len(entries), len(uploads)


async def test_force_delete_repeats_every_202_until_the_bucket_is_gone(tight_api: LocalApi, bucket_name: Names) -> None:
    name = bucket_name("force")
    statuses: list[int] = []

    async def record(response: httpx.Response) -> None:
        if response.request.method == "DELETE":
            statuses.append(response.status_code)

    async with httpx.AsyncClient(event_hooks={"response": [record]}) as http:
        async with RahcpClient(tight_api.url, tight_api.token, http_client=http) as client:
            await client.s3.create_bucket(name)
            await client.s3.set_versioning(name, "Enabled")
            entries = tight_api.seed_versions(name, "data/k-", keys=1000, versions=2, delete_markers=100)
            tight_api.create_upload(name, "uploads/one")
            tight_api.create_upload(name, "uploads/two")
            assert entries == 2100
            assert await contents(client, name) == (entries, 2)

            reports: list[tuple[ForceDeleteProgress, tuple[int, int]]] = []

            async def report(progress: ForceDeleteProgress) -> None:
                # Awaited before the next request: the bucket holds exactly what this 202 left.
                reports.append((progress, await contents(client, name)))

            done = await client.s3.delete_bucket(name, force=True, on_progress=report)

            assert done == DeleteBucketResponse(status="deleted", bucket=name, deleted=entries)  # all requests' count
            # A report for each 202, in order, then the 200: at least three requests for 2 100.
            assert statuses == [202] * len(reports) + [200]
            assert len(reports) >= 2
            progress = [p for p, _ in reports]
            assert all(isinstance(p, ForceDeleteProgress) for p in progress)
            assert all((p.status, p.bucket, p.remaining) == ("emptying", name, True) for p in progress)
            assert progress[0].deleted == BATCH  # a request always finishes its first batch
            left = [versions for _, (versions, _) in reports]
            assert left == [entries - sum(p.deleted for p in progress[: i + 1]) for i in range(len(progress))]
            assert await client.s3.bucket_exists(name) is False
            with pytest.raises(NotFoundError):
                await client.s3.list_uploads(name)


async def test_force_delete_of_an_empty_bucket_is_one_request(admin: RahcpClient, bucket_name: Names) -> None:
    name = bucket_name("fempty")
    await admin.s3.create_bucket(name)
    progress: list[ForceDeleteProgress] = []
    assert await admin.s3.delete_bucket(name, force=True, on_progress=progress.append) == DeleteBucketResponse(
        status="deleted", bucket=name, deleted=0
    )
    assert progress == [] and not await admin.s3.bucket_exists(name)


async def test_force_needs_the_admin_scope_and_removes_nothing_without_it(
    admin: RahcpClient, tight_api: LocalApi, bucket_name: Names
) -> None:
    name = bucket_name("fscope")
    await admin.s3.create_bucket(name)
    await admin.s3.set_versioning(name, "Enabled")
    entries = tight_api.seed_versions(name, "k-", keys=5, versions=2, delete_markers=1)
    tight_api.create_upload(name, "up")
    async with RahcpClient(tight_api.url, tight_api.mint([WRITE])) as writer:
        with pytest.raises(ForbiddenError) as caught:
            await writer.s3.delete_bucket(name, force=True)
        assert (caught.value.status, caught.value.code) == (403, "InsufficientScope")
        assert "buckets:admin" in caught.value.detail
        with pytest.raises(ConflictError):  # write may still try the plain delete
            await writer.s3.delete_bucket(name)
    assert await admin.s3.bucket_exists(name)
    assert await contents(admin, name) == (entries, 1)


async def test_a_plain_delete_of_a_bucket_with_versions_is_a_conflict_and_removes_nothing(
    admin: RahcpClient, tight_api: LocalApi, bucket_name: Names
) -> None:
    name = bucket_name("fplain")
    await admin.s3.create_bucket(name)
    await admin.s3.set_versioning(name, "Enabled")
    entries = tight_api.seed_versions(name, "k-", keys=3, versions=2, delete_markers=3)  # no current object left
    tight_api.create_upload(name, "up")
    with pytest.raises(ConflictError) as caught:
        await admin.s3.delete_bucket(name)
    assert (caught.value.status, caught.value.code) == (409, "BucketNotEmpty")
    assert caught.value.operation == f"DELETE /api/v1/buckets/{name}"  # no force in a plain delete
    assert await contents(admin, name) == (entries, 1)


# --- the loop against the scripted server -------------------------------------------------------


def progress_body(deleted: int) -> dict[str, object]:
    return {"status": "emptying", "bucket": "b", "deleted": deleted, "remaining": True}


def fake_client(url: str, retries: int = 3) -> RahcpClient:
    return RahcpClient(url, "t", retries=retries, retry_policy=RetryPolicy(random=lambda: 0.5))


async def test_each_202_is_reported_and_repeated_and_a_503_between_them_is_retried(waits: list[float]) -> None:
    script = [
        json_reply(202, progress_body(1000)),
        json_reply(202, progress_body(1000)),
        api_error(503, "SlowDown", "the backend is throttling"),
        json_reply(202, progress_body(400)),
        json_reply(200, {"status": "deleted", "bucket": "b", "deleted": 7}),
    ]
    reports: list[int] = []

    async def report(progress: ForceDeleteProgress) -> None:
        reports.append(progress.deleted)

    async with FakeApi(*script) as api:
        async with fake_client(api.url) as client:
            done = await client.s3.delete_bucket("b", force=True, on_progress=report)
    assert done == DeleteBucketResponse(status="deleted", bucket="b", deleted=2407)  # every request's count
    assert reports == [1000, 1000, 400]  # the 503 is no progress: retried, not reported
    assert [(c.method, c.path, c.query) for c in api.calls] == [("DELETE", "/api/v1/buckets/b", {"force": "true"})] * 5
    assert waits == [pytest.approx(0.1)]  # one backoff, for the 503


async def test_a_503_that_outlasts_the_retries_ends_the_loop_with_a_retryable_error(waits: list[float]) -> None:
    script = [json_reply(202, progress_body(1000)), *[api_error(503, "SlowDown", "throttled")] * 3]
    reports: list[ForceDeleteProgress] = []
    async with FakeApi(*script) as api:
        async with fake_client(api.url, retries=2) as client:
            with pytest.raises(RetryableError) as caught:
                await client.s3.delete_bucket("b", force=True, on_progress=reports.append)
    assert (caught.value.status, caught.value.code) == (503, "SlowDown")
    assert [r.deleted for r in reports] == [1000]
    assert len(api.calls) == 4 and len(waits) == 2 and api.remaining() == 0


async def test_a_409_after_progress_ends_the_loop_with_the_conflict(waits: list[float]) -> None:
    detail = "Bucket 'b' is not empty: 1 version could not be deleted (…): 'keep/me' (version v1): AccessDenied."
    script = [json_reply(202, progress_body(1000)), api_error(409, "BucketNotEmpty", detail)]
    reports: list[ForceDeleteProgress] = []
    async with FakeApi(*script) as api:
        async with fake_client(api.url) as client:
            with pytest.raises(ConflictError) as caught:
                await client.s3.delete_bucket("b", force=True, on_progress=reports.append)
    assert caught.value.code == "BucketNotEmpty" and "keep/me" in caught.value.detail
    assert len(reports) == 1 and len(api.calls) == 2 and waits == []


async def test_an_exception_from_on_progress_stops_the_loop() -> None:
    class Stop(Exception):
        pass

    def stop(progress: ForceDeleteProgress) -> None:
        raise Stop(progress.deleted)

    async with FakeApi(json_reply(202, progress_body(5))) as api:
        async with fake_client(api.url) as client:
            with pytest.raises(Stop):
                await client.s3.delete_bucket("b", force=True, on_progress=stop)
    assert len(api.calls) == 1


async def test_a_plain_delete_sends_no_force_and_takes_no_progress_callback() -> None:
    async with FakeApi(json_reply(200, {"status": "deleted", "bucket": "b"})) as api:
        async with fake_client(api.url) as client:
            assert await client.s3.delete_bucket("b") == DeleteBucketResponse(status="deleted", bucket="b")
            with pytest.raises(TypeError, match="force=True"):
                await client.s3.delete_bucket("b", on_progress=lambda p: None)
    assert [(c.method, c.query) for c in api.calls] == [("DELETE", {})]
