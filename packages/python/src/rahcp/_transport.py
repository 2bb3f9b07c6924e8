"""The HTTP layer under the client: bearer auth, JSON in and out, one timeout per attempt, retries
of idempotent calls, and every failure turned into a typed :class:`~rahcp.errors.RahcpError`."""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any, TypeVar, Union
from urllib.parse import quote, urlencode

import httpx

from . import retry as retry_timing
from ._codec import DecodeError, decode, encode
from ._operations import Operation
from .errors import CLIENT_CODES, ConfigurationError, RahcpError, RetryableError, error_for_status
from .retry import RetryPolicy, backoff_delay, parse_retry_after

#: A bearer token, or a function (plain or async) returning a current one before each attempt.
TokenSource = Union[str, Callable[[], Union[str, Awaitable[str]]]]

QueryValue = Union[str, int, bool, None]
T = TypeVar("T")

_FALLBACK_CODES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    422: "UnprocessableEntity",
    429: "TooManyRequests",
    500: "InternalError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}

_PATH_PARAMETER = re.compile(r"\{([^}]+)\}")


class Transport:
    def __init__(
        self,
        *,
        endpoint: str,
        token: TokenSource,
        timeout: float,
        retry: RetryPolicy,
        http_client: httpx.AsyncClient,
        owns_http_client: bool,
    ) -> None:
        self.endpoint = endpoint
        self._token = token
        self._timeout = timeout
        self._retry = retry
        self._http = http_client
        self._owns_http = owns_http_client

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def call(
        self,
        operation: Operation,
        *,
        path: Mapping[str, str] | None = None,
        query: Mapping[str, QueryValue] | None = None,
        body: Any = None,
    ) -> Any:
        """One API call: the decoded success body, in the model its status calls for (None for
        HEAD), or a RahcpError."""
        unknown = set(query or {}) - set(operation.query)
        if unknown:
            raise TypeError(f"{operation} takes no query parameter {', '.join(sorted(unknown))}")
        target = _expand(operation.path, path or {})
        label = f"{operation.method} {target}"
        status, data, request_id = await self._send(operation, target, label, query or {}, body)
        result = operation.result_for(status)
        if result is None:
            return None
        try:
            return decode(result, data, result.__name__)
        except DecodeError as error:
            raise RahcpError(
                status=status,
                code=CLIENT_CODES["invalid_response"],
                detail=f"response of {label} does not have the API's shape: {error}",
                request_id=request_id,
                operation=label,
            ) from error

    async def _send(
        self, operation: Operation, target: str, label: str, query: Mapping[str, QueryValue], body: Any
    ) -> tuple[int, Any, str | None]:
        retry_number = 0
        while True:
            try:
                return await self._attempt(operation, target, label, query, body)
            except RetryableError as error:
                if not operation.idempotent or retry_number >= self._retry.retries:
                    raise
                asked = error.retry_after
                if asked is not None and asked > self._retry.max_retry_after:
                    raise
                await retry_timing.sleep(asked if asked is not None else backoff_delay(retry_number, self._retry))
                retry_number += 1

    async def _attempt(
        self, operation: Operation, target: str, label: str, query: Mapping[str, QueryValue], body: Any
    ) -> tuple[int, Any, str | None]:
        async def exchange() -> httpx.Response:
            headers = {"accept": "application/json", "authorization": f"Bearer {await self._current_token()}"}
            content: bytes | None = None
            if body is not None:
                headers["content-type"] = "application/json"
                content = json.dumps(encode(body), separators=(",", ":")).encode()
            return await self._http.request(
                operation.method, self._url(target, query), headers=headers, content=content
            )

        try:
            response = await _within(self._timeout, exchange())
        except (_AttemptTimeout, httpx.TimeoutException) as cause:
            raise RetryableError(
                status=0,
                code=CLIENT_CODES["timeout"],
                detail=f"no response from {self.endpoint} to {label} within {self._timeout:g} s",
                operation=label,
            ) from cause
        except httpx.TransportError as cause:
            raise RetryableError(
                status=0,
                code=CLIENT_CODES["network"],
                detail=f"cannot reach {self.endpoint} for {label}: {_network_reason(cause)}",
                operation=label,
            ) from cause
        except httpx.RequestError as cause:  # e.g. a body httpx cannot decode
            raise RahcpError(
                status=0,
                code=CLIENT_CODES["invalid_response"],
                detail=f"unreadable response from {self.endpoint} to {label}: {_network_reason(cause)}",
                operation=label,
            ) from cause
        header_request_id = response.headers.get("x-request-id")
        if response.is_success:
            return response.status_code, _success_body(response, label, header_request_id), header_request_id
        raise _error_from_response(response, label, header_request_id)

    async def _current_token(self) -> str:
        token: object = self._token
        if callable(self._token):
            produced = self._token()
            token = await produced if inspect.isawaitable(produced) else produced
        if not isinstance(token, str) or not token:
            raise ConfigurationError("the token source returned no token (expected a non-empty string)")
        return token

    def _url(self, target: str, query: Mapping[str, QueryValue]) -> str:
        pairs = [(name, _query_text(value)) for name, value in query.items() if value is not None]
        # %20, not "+", for spaces: unambiguous for every gateway between here and the API.
        text = urlencode(pairs, quote_via=quote)
        return f"{self.endpoint}{target}?{text}" if text else f"{self.endpoint}{target}"


class _AttemptTimeout(Exception):
    pass


async def _within(seconds: float, work: Coroutine[Any, Any, T]) -> T:
    """``work``'s result, or _AttemptTimeout once ``seconds`` have passed (``work`` is then
    cancelled). A task and asyncio.wait rather than asyncio.timeout: the latter relies on
    cancellation counts that anyio 3 (under Debian 12's httpx) does not keep, and then lets a bare
    CancelledError escape instead of the timeout."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except BaseException:  # the caller cancelled us: cancel the attempt too
        task.cancel()
        raise
    if task not in done:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)  # let it close its connection
        raise _AttemptTimeout()
    return task.result()


def _expand(template: str, params: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise TypeError(f"missing path parameter {name!r} for {template}")
        value = params[name]
        if not isinstance(value, str):
            raise TypeError(f"path parameter {name!r} must be a string, got {type(value).__name__}")
        return quote(value, safe="")

    return _PATH_PARAMETER.sub(substitute, template)


def _query_text(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _network_reason(error: BaseException) -> str:
    """httpx's message, or the underlying OS error's when httpx has none."""
    parts: list[str] = []
    current: BaseException | None = error
    while current is not None and len(parts) < 3:
        text = str(current)
        if text and text not in parts:
            parts.append(text)
        current = current.__cause__ or current.__context__
    return ": ".join(parts) if parts else type(error).__name__


def _success_body(response: httpx.Response, label: str, request_id: str | None) -> Any:
    if response.request.method == "HEAD" or not response.content:
        return None
    try:
        return response.json()
    except ValueError as cause:
        raise RahcpError(
            status=response.status_code,
            code=CLIENT_CODES["invalid_response"],
            detail=f"response of {label} is not JSON",
            request_id=request_id,
            operation=label,
        ) from cause


def _error_from_response(response: httpx.Response, label: str, header_request_id: str | None) -> RahcpError:
    body: dict[str, Any] = {}
    try:
        parsed = response.json() if response.content else {}
        if isinstance(parsed, dict):
            body = parsed
    except ValueError:
        pass  # proxies and gateways answer with HTML or plain text: fall back to the status
    status = response.status_code

    def text_or(value: Any, fallback: str) -> str:
        return value if isinstance(value, str) and value else fallback

    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
    request_id = body.get("request_id")
    return error_for_status(
        status=status,
        detail=text_or(body.get("detail"), f"{label} failed with HTTP {status}{reason}"),
        code=text_or(body.get("code"), _FALLBACK_CODES.get(status, f"Http{status}")),
        request_id=request_id if isinstance(request_id, str) and request_id else header_request_id,
        operation=label,
        retry_after=parse_retry_after(response.headers.get("retry-after")),
    )
