from __future__ import annotations

import httpx
import pytest

from rahcp import DEFAULT_RETRY_POLICY, ConfigurationError, RahcpClient, RetryableError, RetryPolicy
from rahcp.retry import backoff_delay, parse_retry_after

from fake_api import FakeApi, api_error, json_reply


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://localhost:8000/", "http://localhost:8000"),
        ("http://localhost:8000/api/v1", "http://localhost:8000"),
        ("https://api.example.com/prefix/api/v1/", "https://api.example.com/prefix"),
        ("https://[::1]:8443", "https://[::1]:8443"),
    ],
)
def test_endpoints_are_normalised(given: str, expected: str) -> None:
    assert RahcpClient(given, "t").endpoint == expected


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("", "endpoint is required"),
        ("localhost:8000", "must be an http or https URL"),
        ("ftp://example.com", "must be an http or https URL"),
        ("http://", "must be an http or https URL"),
        ("http://example.com:99999", "is not a URL"),
        ("http://example.com/?x=1", "must not have a query or fragment"),
    ],
)
def test_bad_endpoints_are_configuration_errors(endpoint: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message) as caught:
        RahcpClient(endpoint, "t")
    assert (caught.value.status, caught.value.code) == (0, "ConfigurationError")


@pytest.mark.parametrize(
    "options", [{"timeout": 0}, {"timeout": -1}, {"timeout": float("nan")}, {"retries": -1}, {"retries": 1.5}]
)
def test_bad_numbers_are_configuration_errors(options: dict[str, float]) -> None:
    with pytest.raises(ConfigurationError):
        RahcpClient("http://localhost:8000", "t", **options)  # type: ignore[arg-type]


def test_a_token_is_required() -> None:
    with pytest.raises(ConfigurationError, match="token is required"):
        RahcpClient("http://localhost:8000", "")


def test_from_env_reads_rahcp_endpoint_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAHCP_ENDPOINT", "http://localhost:8000/api/v1")
    monkeypatch.setenv("RAHCP_TOKEN", "from-env")
    assert RahcpClient.from_env().endpoint == "http://localhost:8000"
    assert RahcpClient.from_env(endpoint="https://other.example.com").endpoint == "https://other.example.com"
    env = {"RAHCP_ENDPOINT": "http://given.example.com", "RAHCP_TOKEN": "x"}
    assert RahcpClient.from_env(env=env, timeout=5).endpoint == "http://given.example.com"


def test_from_env_names_what_is_missing() -> None:
    with pytest.raises(ConfigurationError, match="RAHCP_ENDPOINT is not set"):
        RahcpClient.from_env(env={"RAHCP_TOKEN": "x"})
    with pytest.raises(ConfigurationError, match="RAHCP_TOKEN is not set"):
        RahcpClient.from_env(env={"RAHCP_ENDPOINT": "http://localhost:8000"})


def test_the_token_never_shows_in_repr() -> None:
    assert "secret" not in repr(RahcpClient("http://localhost:8000", "secret"))


async def test_retries_overrides_the_policy() -> None:
    assert DEFAULT_RETRY_POLICY.retries == 3
    busy = [api_error(503, "ServiceUnavailable", "busy")] * 4
    async with FakeApi(*busy) as api:
        policy = RetryPolicy(retries=5, base_delay=0)
        async with RahcpClient(api.url, "t", retries=1, retry_policy=policy) as client:
            with pytest.raises(RetryableError):
                await client.s3.list_buckets()
    assert len(api.calls) == 2
    with pytest.raises(ConfigurationError):
        RetryPolicy(base_delay=-1)


def test_backoff_and_retry_after_parsing() -> None:
    policy = RetryPolicy(base_delay=0.2, max_delay=1.0, random=lambda: 1.0)
    assert [backoff_delay(n, policy) for n in range(5)] == pytest.approx([0.2, 0.4, 0.8, 1.0, 1.0])
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("Tue, 01 Jan 2030 00:00:05 GMT", now=1893456000.0) == 5.0
    assert parse_retry_after("Tue, 01 Jan 2030 00:00:05 GMT", now=1893456010.0) == 0.0
    for unreadable in (None, "", "-1", "soon", "1e3", "inf"):
        assert parse_retry_after(unreadable) is None


async def test_an_http_client_of_your_own_is_used_and_left_open() -> None:
    seen: list[httpx.Request] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(request)

    async with FakeApi(json_reply(200, {"buckets": [], "owner": None})) as api:
        own = httpx.AsyncClient(event_hooks={"request": [hook]})
        async with RahcpClient(api.url, "t", http_client=own) as client:
            await client.s3.list_buckets()
        assert not own.is_closed
        await own.aclose()
    assert [r.url.path for r in seen] == ["/api/v1/buckets"]


async def test_the_client_closes_its_own_pool() -> None:
    client = RahcpClient("http://localhost:8000", "t")
    await client.aclose()
    with pytest.raises(RuntimeError):
        await client.s3.list_buckets()
