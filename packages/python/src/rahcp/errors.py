"""Typed errors by HTTP status, so callers write ``except NotFoundError:`` instead of comparing
numbers. Every error carries the API's ``{detail, code, request_id}``."""

from __future__ import annotations

__all__ = [
    "RahcpError",
    "ValidationError",
    "AuthenticationError",
    "ForbiddenError",
    "NotFoundError",
    "ConflictError",
    "RetryableError",
    "ConfigurationError",
    "RETRYABLE_STATUSES",
    "CLIENT_CODES",
    "error_for_status",
]


class RahcpError(Exception):
    """A failed call.

    Attributes:
        status: HTTP status; 0 when no response arrived (network failure, timeout).
        detail: Human explanation, the API's ``detail`` when it sent one.
        code: Machine code: the API's (e.g. ``NoSuchBucket``) or the client's
            (``NetworkError``, ``Timeout``, ``InvalidResponse``, ``ConfigurationError``).
        request_id: The API's request id (body ``request_id`` or ``X-Request-Id``): quote it
            when reporting a problem.
        operation: Method and path of the failed call, e.g. ``GET /api/v1/buckets``.
        retry_after: Seconds the server asked to wait (``Retry-After``), when it did.
    """

    def __init__(
        self,
        *,
        status: int,
        detail: str,
        code: str,
        request_id: str | None = None,
        operation: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.code = code
        self.request_id = request_id
        self.operation = operation
        self.retry_after = retry_after
        super().__init__(self._describe())

    def _describe(self) -> str:
        facts = [self.code]
        if self.status > 0:
            facts.append(f"HTTP {self.status}")
        if self.request_id:
            facts.append(f"request id {self.request_id}")
        return f"{self.detail} ({', '.join(facts)})"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"detail={self.detail!r}, request_id={self.request_id!r})"
        )


class ValidationError(RahcpError):
    """400, 413, 415, 422: the request itself is wrong; ``detail`` says what to fix."""


class AuthenticationError(RahcpError):
    """401: the token is missing, malformed, expired or not trusted."""


class ForbiddenError(RahcpError):
    """403: the token lacks the scope, or the storage backend denied access."""


class NotFoundError(RahcpError):
    """404: the bucket does not exist."""


class ConflictError(RahcpError):
    """409: the bucket name is taken, or the bucket is not empty."""


class RetryableError(RahcpError):
    """429, 502, 503, 504 once the retries are used up, network failures and timeouts: the call may
    succeed later. POST (create) is never retried, so it can end here at once."""


class ConfigurationError(RahcpError):
    """The client was configured wrongly (missing endpoint or token, bad URL or numbers)."""

    def __init__(self, detail: str) -> None:
        super().__init__(status=0, detail=detail, code=CLIENT_CODES["configuration"])


RETRYABLE_STATUSES: frozenset[int] = frozenset({429, 502, 503, 504})

#: Codes the client gives errors that did not come from the API.
CLIENT_CODES = {
    "network": "NetworkError",
    "timeout": "Timeout",
    "invalid_response": "InvalidResponse",
    "configuration": "ConfigurationError",
}

_CLASS_BY_STATUS: dict[int, type[RahcpError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: ValidationError,
    415: ValidationError,
    422: ValidationError,
    **{status: RetryableError for status in RETRYABLE_STATUSES},
}


def error_for_status(
    *,
    status: int,
    detail: str,
    code: str,
    request_id: str | None = None,
    operation: str | None = None,
    retry_after: float | None = None,
) -> RahcpError:
    """The error for an HTTP status (base :class:`RahcpError` for the others, e.g. 500)."""
    error_type = _CLASS_BY_STATUS.get(status, RahcpError)
    return error_type(
        status=status, detail=detail, code=code, request_id=request_id, operation=operation, retry_after=retry_after
    )
