"""``RahcpClient``: the entry point of the SDK."""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Mapping
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._transport import TokenSource, Transport
from ._version import __version__
from .errors import ConfigurationError
from .retry import DEFAULT_RETRY_POLICY, RetryPolicy
from .s3 import S3Api

__all__ = ["RahcpClient", "DEFAULT_TIMEOUT"]

#: Seconds each attempt may take, by default.
DEFAULT_TIMEOUT = 30.0


class RahcpClient:
    """Async client of the rahcp bucket API.

    .. code-block:: python

        async with RahcpClient(endpoint="http://localhost:8000", token=token) as client:
            buckets = await client.s3.list_buckets()

    Args:
        endpoint: Base URL of the API, e.g. ``https://buckets.example.com`` (a trailing
            ``/api/v1`` is accepted).
        token: Bearer token (JWT), or a function (plain or async) returning a current one before
            each attempt, for short-lived tokens.
        timeout: Seconds each attempt may take, from sending to the last byte of the answer.
        retries: Retries of idempotent calls on 429/502/503/504, network errors and timeouts
            (default 3; 0 disables). Overrides ``retry_policy.retries``.
        retry_policy: Finer retry tuning (backoff base and cap, longest Retry-After honoured).
        http_client: An ``httpx.AsyncClient`` of your own (proxies, an internal CA with
            ``verify=``, event hooks); the client then leaves closing it to you.
    """

    def __init__(
        self,
        endpoint: str,
        token: TokenSource,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if not endpoint:
            raise ConfigurationError("endpoint is required (the API base URL, e.g. http://localhost:8000)")
        if not token or not (isinstance(token, str) or callable(token)):
            raise ConfigurationError("token is required (a bearer token, or a function returning one)")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (0 < timeout < math.inf):
            raise ConfigurationError(f"timeout must be a number of seconds > 0, got {timeout!r}")
        policy = retry_policy or DEFAULT_RETRY_POLICY
        if retries is not None:
            policy = dataclasses.replace(policy, retries=retries)
        #: The normalised base URL requests go to.
        self.endpoint = _normalise_endpoint(endpoint)
        owns_http_client = http_client is None
        if http_client is None:
            http_client = httpx.AsyncClient(
                timeout=httpx.Timeout(float(timeout)),
                headers={"user-agent": f"rahcp-client-python/{__version__} httpx/{httpx.__version__}"},
            )
        self._transport = Transport(
            endpoint=self.endpoint,
            token=token,
            timeout=float(timeout),
            retry=policy,
            http_client=http_client,
            owns_http_client=owns_http_client,
        )
        #: Bucket operations.
        self.s3 = S3Api(self._transport)

    @classmethod
    def from_env(cls, *, env: Mapping[str, str] | None = None, **options: Any) -> RahcpClient:
        """A client configured from ``RAHCP_ENDPOINT`` and ``RAHCP_TOKEN`` (``os.environ``, or
        ``env``). Explicit ``endpoint``/``token`` and the other options win over the environment."""
        source = os.environ if env is None else env
        endpoint = options.pop("endpoint", None) or source.get("RAHCP_ENDPOINT")
        token = options.pop("token", None) or source.get("RAHCP_TOKEN")
        if not endpoint:
            raise ConfigurationError("RAHCP_ENDPOINT is not set (the API base URL, e.g. http://localhost:8000)")
        if not token:
            raise ConfigurationError("RAHCP_TOKEN is not set (a bearer token for the API)")
        return cls(endpoint, token, **options)

    async def aclose(self) -> None:
        """Closes the connection pool (not an ``http_client`` you passed in)."""
        await self._transport.aclose()

    async def __aenter__(self) -> RahcpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"RahcpClient(endpoint={self.endpoint!r})"  # never the token


def _normalise_endpoint(endpoint: str) -> str:
    try:
        url = urlsplit(endpoint)
        url.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigurationError(
            f'endpoint "{endpoint}" is not a URL (expected e.g. https://buckets.example.com)'
        ) from None
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ConfigurationError(
            f'endpoint "{endpoint}" must be an http or https URL (e.g. https://buckets.example.com)'
        )
    if url.query or url.fragment:
        raise ConfigurationError(f'endpoint "{endpoint}" must not have a query or fragment')
    # Accept the API base too (…/api/v1): the client appends full /api/v1/... paths itself.
    path = url.path.rstrip("/")
    if path.endswith("/api/v1"):
        path = path[: -len("/api/v1")]
    return f"{url.scheme}://{url.netloc}{path}"
