"""Retry timing: exponential backoff with full jitter, or the server's ``Retry-After`` when it
sends one."""

from __future__ import annotations

import asyncio
import random as _random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime

__all__ = ["RetryPolicy", "DEFAULT_RETRY_POLICY", "backoff_delay", "parse_retry_after"]


@dataclass(frozen=True)
class RetryPolicy:
    """How idempotent calls (GET, HEAD, PUT, DELETE) are retried; POST never is.

    Attributes:
        retries: Retries after the first attempt (so ``retries + 1`` attempts at most; 0 disables).
        base_delay: Backoff ceiling of the first retry, in seconds; doubles each retry.
        max_delay: Cap of the backoff ceiling, in seconds.
        max_retry_after: A ``Retry-After`` longer than this (seconds) is not waited for: the
            error is raised at once with ``retry_after`` set.
        random: Source of randomness in [0, 1) (tests pin it).
    """

    retries: int = 3
    base_delay: float = 0.2
    max_delay: float = 5.0
    max_retry_after: float = 60.0
    random: Callable[[], float] = field(default=_random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Imported here: errors has no dependency on this module, and this keeps the cycle out.
        from .errors import ConfigurationError

        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or self.retries < 0:
            raise ConfigurationError(f"retries must be a whole number ≥ 0, got {self.retries!r}")
        for name in ("base_delay", "max_delay", "max_retry_after"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise ConfigurationError(f"{name} must be a number of seconds ≥ 0, got {value!r}")


DEFAULT_RETRY_POLICY = RetryPolicy()

_DELTA_SECONDS = re.compile(r"\d+(\.\d+)?")


def backoff_delay(retry_number: int, policy: RetryPolicy) -> float:
    """Seconds to wait before retry ``retry_number`` (0 for the first).

    Full jitter (a uniform draw between 0 and the exponential ceiling) spreads the retries of many
    clients hit by the same outage instead of synchronising them.
    """
    ceiling = min(policy.max_delay, policy.base_delay * 2.0**retry_number)
    return policy.random() * ceiling


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if _DELTA_SECONDS.fullmatch(text):
        return float(text)
    try:
        date = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if date.tzinfo is None:  # "-0000": HTTP dates are GMT anyway
        date = date.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, date.timestamp() - current)


async def sleep(seconds: float) -> None:
    """The wait between attempts (its own function so tests can record the waits)."""
    await asyncio.sleep(seconds)
