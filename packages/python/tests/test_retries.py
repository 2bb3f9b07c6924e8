"""Retries, timeouts and failure mapping, against a scripted loopback server (fake_api.py)."""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate

import pytest

from rahcp import (
    ConfigurationError,
    ListBucketsResponse,
    RahcpClient,
    RahcpError,
    RetryableError,
    RetryPolicy,
)

from fake_api import DROP, HANG, FakeApi, Reply, api_error, json_reply, refused_url

LIST: dict[str, object] = {"buckets": [], "owner": None, "is_truncated": False, "next_continuation_token": None}


def client_for(
    url: str, *, retries: int = 3, random: float = 0.5, timeout: float = 30.0, max_retry_after: float = 60.0
) -> RahcpClient:
    policy = RetryPolicy(base_delay=0.2, max_delay=5.0, max_retry_after=max_retry_after, random=lambda: random)
    return RahcpClient(url, "t", retries=retries, retry_policy=policy, timeout=timeout)


async def test_a_503_is_retried_after_a_jittered_backoff(waits: list[float]) -> None:
    async with FakeApi(api_error(503, "ServiceUnavailable", "busy"), json_reply(200, LIST)) as api:
        async with client_for(api.url, random=0.5) as client:
            assert await client.s3.list_buckets() == ListBucketsResponse(
                buckets=[], owner=None, is_truncated=False, next_continuation_token=None
            )
    assert len(api.calls) == 2
    assert waits == [pytest.approx(0.1)]  # ceiling 0.2 s × random 0.5


async def test_the_backoff_ceiling_doubles_and_is_capped(waits: list[float]) -> None:
    failures = [api_error(s, "x", "x") for s in (502, 504, 429, 503, 503, 503)]
    async with FakeApi(*failures, json_reply(200, LIST)) as api:
        async with client_for(api.url, retries=6, random=0.999) as client:
            await client.s3.list_buckets()
    assert waits == pytest.approx([0.1998, 0.3996, 0.7992, 1.5984, 3.1968, 4.995])


async def test_full_jitter_draws_between_zero_and_the_ceiling(waits: list[float]) -> None:
    async with FakeApi(*[api_error(503, "x", "x")] * 3, json_reply(200, LIST)) as api:
        async with RahcpClient(api.url, "t", retry_policy=RetryPolicy(base_delay=1.0, max_delay=8.0)) as client:
            await client.s3.list_buckets()
    assert len(waits) == 3
    assert all(0 <= w < ceiling for w, ceiling in zip(waits, [1.0, 2.0, 4.0]))


async def test_retry_after_in_seconds_is_waited_exactly(waits: list[float]) -> None:
    async with FakeApi(
        api_error(429, "TooManyRequests", "slow down", **{"retry-after": "2"}), json_reply(200, LIST)
    ) as api:
        async with client_for(api.url, random=0) as client:
            await client.s3.list_buckets()
    assert waits == [2.0]


async def test_retry_after_as_an_http_date(waits: list[float]) -> None:
    date = formatdate(time.time() + 5, usegmt=True)
    async with FakeApi(
        api_error(503, "ServiceUnavailable", "maintenance", **{"retry-after": date}), json_reply(200, LIST)
    ) as api:
        async with client_for(api.url) as client:
            await client.s3.list_buckets()
    assert len(waits) == 1 and 3.5 < waits[0] <= 5.0


async def test_a_retry_after_beyond_the_limit_fails_at_once_saying_how_long(waits: list[float]) -> None:
    async with FakeApi(
        api_error(503, "ServiceUnavailable", "down", **{"retry-after": "3600"}), json_reply(200, LIST)
    ) as api:
        async with client_for(api.url, max_retry_after=60) as client:
            with pytest.raises(RetryableError) as caught:
                await client.s3.list_buckets()
    assert (caught.value.status, caught.value.retry_after) == (503, 3600.0)
    assert waits == [] and api.remaining() == 1


async def test_gives_up_after_the_retries_with_the_last_error(waits: list[float]) -> None:
    async with FakeApi(*[api_error(503, "ServiceUnavailable", f"busy {n}", f"r{n}") for n in (1, 2, 3)]) as api:
        async with client_for(api.url, retries=2, random=0) as client:
            with pytest.raises(RetryableError) as caught:
                await client.s3.get_versioning("b1")
    assert len(api.calls) == 3 and len(waits) == 2
    assert (caught.value.status, caught.value.detail, caught.value.request_id) == (503, "busy 3", "r3")
    assert caught.value.operation == "GET /api/v1/buckets/b1/versioning"


async def test_retries_zero_disables_retrying(waits: list[float]) -> None:
    async with FakeApi(api_error(502, "BadGateway", "x"), json_reply(200, LIST)) as api:
        async with client_for(api.url, retries=0) as client:
            with pytest.raises(RetryableError):
                await client.s3.list_buckets()
    assert len(api.calls) == 1 and waits == []


async def test_dropped_connections_are_retried_for_get_put_delete_and_head(waits: list[float]) -> None:
    async with FakeApi(
        DROP, json_reply(200, LIST),
        DROP, json_reply(200, {"status": "updated", "versioning": "Enabled"}),
        DROP, json_reply(200, {"status": "deleted", "bucket": "b1"}),
        DROP, Reply(200),
    ) as api:  # fmt: skip
        async with client_for(api.url, random=0) as client:
            await client.s3.list_buckets()
            assert (await client.s3.set_versioning("b1", "Enabled")).versioning == "Enabled"
            assert (await client.s3.delete_bucket("b1")).status == "deleted"
            assert await client.s3.bucket_exists("b1") is True
    assert [c.method for c in api.calls] == ["GET", "GET", "PUT", "PUT", "DELETE", "DELETE", "HEAD", "HEAD"]
    assert api.calls[3].body == {"status": "Enabled"}  # the retry sends the same body


async def test_a_refused_connection_that_persists_is_a_network_error(waits: list[float]) -> None:
    url = await refused_url()
    async with client_for(url, retries=1, random=0) as client:
        with pytest.raises(RetryableError) as caught:
            await client.s3.list_buckets()
    assert (caught.value.status, caught.value.code) == (0, "NetworkError")
    assert str(caught.value).startswith(f"cannot reach {url} for GET /api/v1/buckets: ")
    assert len(waits) == 1


async def test_post_is_never_retried(waits: list[float]) -> None:
    async with FakeApi(
        api_error(503, "ServiceUnavailable", "busy"), json_reply(201, {"status": "created", "bucket": "b1"})
    ) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RetryableError):
                await client.s3.create_bucket("b1")
    assert len(api.calls) == 1 and api.remaining() == 1
    async with FakeApi(DROP, json_reply(201, {"status": "created", "bucket": "b1"})) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RetryableError) as caught:
                await client.s3.create_bucket("b1")
    assert caught.value.code == "NetworkError"
    assert len(api.calls) == 1 and waits == []


async def test_each_attempt_has_a_timeout() -> None:
    async with FakeApi(HANG) as api:
        async with client_for(api.url, retries=0, timeout=0.3) as client:
            started = time.monotonic()
            with pytest.raises(RetryableError) as caught:
                await client.s3.list_buckets()
            elapsed = time.monotonic() - started
    assert (caught.value.status, caught.value.code) == (0, "Timeout")
    assert str(caught.value) == f"no response from {api.url} to GET /api/v1/buckets within 0.3 s (Timeout)"
    assert 0.25 < elapsed < 5


async def test_a_timed_out_get_is_retried_with_a_fresh_timeout(waits: list[float]) -> None:
    async with FakeApi(HANG, json_reply(200, LIST)) as api:
        async with client_for(api.url, retries=1, timeout=0.3, random=0) as client:
            assert (await client.s3.list_buckets()).buckets == []
    assert len(api.calls) == 2


async def test_cancelling_the_call_is_not_wrapped_and_not_retried() -> None:
    async with FakeApi(HANG, json_reply(200, LIST)) as api:
        async with client_for(api.url) as client:
            task = asyncio.create_task(client.s3.list_buckets())
            while not api.calls:
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
    assert len(api.calls) == 1


async def test_an_error_without_a_json_body_falls_back_to_the_status() -> None:
    async with FakeApi(Reply(500, b"<html>oops</html>", {"content-type": "text/html", "x-request-id": "gw-1"})) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RahcpError) as caught:
                await client.s3.list_buckets()
    error = caught.value
    assert type(error) is RahcpError
    assert (error.status, error.code, error.request_id) == (500, "InternalError", "gw-1")
    assert error.detail == "GET /api/v1/buckets failed with HTTP 500 Internal Server Error"


async def test_a_success_that_is_not_json_is_an_invalid_response() -> None:
    async with FakeApi(Reply(200, b"not json", {"x-request-id": "r9"})) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RahcpError) as caught:
                await client.s3.list_buckets()
    assert (caught.value.code, caught.value.request_id) == ("InvalidResponse", "r9")


async def test_a_success_of_the_wrong_shape_is_an_invalid_response_naming_the_field() -> None:
    async with FakeApi(json_reply(200, {**LIST, "buckets": [{"name": "a"}]})) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RahcpError) as caught:
                await client.s3.list_buckets()
    assert caught.value.code == "InvalidResponse"
    assert "ListBucketsResponse.buckets[0].creation_date is missing" in caught.value.detail


async def test_new_fields_and_enum_values_from_a_newer_server_are_accepted() -> None:
    body = {"status": "Enabled", "mfa_delete": "Pending", "added_later": True}
    async with FakeApi(json_reply(200, body)) as api:
        async with client_for(api.url) as client:
            versioning = await client.s3.get_versioning("b1")
    assert (versioning.status, versioning.mfa_delete) == ("Enabled", "Pending")


async def test_a_truncated_page_without_a_new_marker_stops_the_iterator() -> None:
    page: dict[str, object] = {
        "objects": [],
        "common_prefixes": [],
        "is_truncated": True,
        "next_continuation_token": None,
        "key_count": 0,
    }
    async with FakeApi(json_reply(200, page)) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RahcpError) as caught:
                [o async for o in client.s3.iter_objects("b1")]
    assert caught.value.code == "InvalidResponse" and "pagination marker" in caught.value.detail
    repeated: dict[str, object] = {**page, "next_continuation_token": "t1"}
    async with FakeApi(json_reply(200, repeated), json_reply(200, repeated)) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RahcpError, match="pagination marker"):
                [o async for o in client.s3.iter_objects("b1")]
    assert [c.query for c in api.calls] == [{}, {"continuation_token": "t1"}]


async def test_bucket_pages_send_the_apis_query_names_and_stop_on_a_repeated_token() -> None:
    first = {**LIST, "buckets": [{"name": "a-1", "creation_date": None}], "is_truncated": True}
    first["next_continuation_token"] = "t1"
    async with FakeApi(json_reply(200, first), json_reply(200, first)) as api:
        async with client_for(api.url) as client:
            with pytest.raises(RahcpError, match="pagination marker") as caught:
                [b async for b in client.s3.iter_buckets(prefix="a-", max_buckets=1)]
    assert caught.value.code == "InvalidResponse"
    assert [c.query for c in api.calls] == [
        {"prefix": "a-", "max_buckets": "1"},
        {"prefix": "a-", "max_buckets": "1", "continuation_token": "t1"},
    ]


async def test_requests_carry_the_token_json_and_the_query() -> None:
    async with FakeApi(
        json_reply(201, {"status": "created", "bucket": "b1"}),
        json_reply(
            200,
            {
                **{"objects": [], "common_prefixes": []},
                "is_truncated": False,
                "next_continuation_token": None,
                "key_count": 0,
            },
        ),
    ) as api:
        async with RahcpClient(api.url + "/api/v1/", "secret-token") as client:
            await client.s3.create_bucket("b1")
            await client.s3.list_objects("b1", prefix="a b/", max_keys=10)
    create, listing = api.calls
    assert (create.method, create.path, create.body) == ("POST", "/api/v1/buckets", {"bucket": "b1"})
    assert create.headers["authorization"] == "Bearer secret-token"
    assert create.headers["content-type"] == "application/json"
    assert create.headers["accept"] == "application/json"
    assert create.headers["user-agent"].startswith("rahcp-client-python/")
    assert (listing.path, listing.query) == ("/api/v1/buckets/b1/objects", {"prefix": "a b/", "max_keys": "10"})
    assert "content-type" not in listing.headers


async def test_a_token_function_is_asked_before_every_attempt(waits: list[float]) -> None:
    issued: list[str] = []

    async def fresh_token() -> str:
        issued.append(f"t{len(issued) + 1}")
        return issued[-1]

    async with FakeApi(api_error(503, "x", "x"), json_reply(200, LIST)) as api:
        async with RahcpClient(api.url, fresh_token) as client:
            await client.s3.list_buckets()
    assert [c.headers["authorization"] for c in api.calls] == ["Bearer t1", "Bearer t2"]
    async with FakeApi(json_reply(200, LIST)) as api:
        async with RahcpClient(api.url, lambda: "plain") as client:
            await client.s3.list_buckets()
    assert api.calls[0].headers["authorization"] == "Bearer plain"
    async with RahcpClient(api.url, lambda: "") as client:
        with pytest.raises(ConfigurationError):
            await client.s3.list_buckets()
