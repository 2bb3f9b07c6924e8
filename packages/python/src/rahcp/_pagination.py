from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, TypeVar

from .errors import CLIENT_CODES, RahcpError


class _Page(Protocol):
    @property
    def is_truncated(self) -> bool:
        ...


P = TypeVar("P", bound=_Page)
C = TypeVar("C")


async def follow_pages(
    fetch_page: Callable[[C | None], Awaitable[P]],
    next_cursor: Callable[[P], C | None],
    first: C | None,
) -> AsyncIterator[P]:
    """Follows a paginated listing until the server says it is complete. A truncated page without
    a new marker would loop forever, so it is reported as an invalid response instead."""
    cursor = first
    while True:
        page = await fetch_page(cursor)
        yield page
        if not page.is_truncated:
            return
        following = next_cursor(page)
        if following is None or following == cursor:
            raise RahcpError(
                status=200,
                code=CLIENT_CODES["invalid_response"],
                detail="the server returned a truncated page without a new pagination marker",
            )
        cursor = following
