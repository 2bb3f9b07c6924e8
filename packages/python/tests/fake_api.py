"""A scripted HTTP/1.1 server on 127.0.0.1 for the failure paths the real server will not produce
on demand: 429/502/503/504 with Retry-After, hangs, dropped connections, malformed bodies.

Each request takes the next reply of the script and is recorded. Connections are closed after every
answer, so each attempt of the client is a fresh connection.
"""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_reply(status: int, body: Any, **headers: str) -> Reply:
    return Reply(status, json.dumps(body).encode(), {"content-type": "application/json", **headers})


def api_error(status: int, code: str, detail: str, request_id: str | None = None, **headers: str) -> Reply:
    request_id = request_id or f"req-{status}"
    return json_reply(
        status, {"detail": detail, "code": code, "request_id": request_id}, **{"x-request-id": request_id, **headers}
    )


#: The connection is closed without an answer (the client sees a network error).
DROP = "drop"
#: No answer until the client gives up (its timeout) or the server stops.
HANG = "hang"


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


class FakeApi:
    def __init__(self, *script: Reply | str) -> None:
        self.script: list[Reply | str] = list(script)
        self.calls: list[Recorded] = []
        self._server: asyncio.AbstractServer | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self.url = ""

    async def __aenter__(self) -> FakeApi:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        # Hanging handlers outlive the listener: end them while their event loop still runs.
        for task in self._handlers:
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)

    def remaining(self) -> int:
        return len(self.script)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, _ = request_line.split(" ", 2)
            headers = {}
            for line in header_lines:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            raw = await reader.readexactly(int(headers.get("content-length", "0")))
            url = urlsplit(target)
            self.calls.append(
                Recorded(method, url.path, dict(parse_qsl(url.query)), headers, json.loads(raw) if raw else None)
            )
            if not self.script:
                raise AssertionError(f"unexpected request {method} {target}")
            reply = self.script.pop(0)
            if reply == HANG:
                await asyncio.sleep(3600)
            if isinstance(reply, Reply):
                lines = [
                    f"HTTP/1.1 {reply.status} {HTTPStatus(reply.status).phrase}",
                    f"content-length: {len(reply.body)}",
                    "connection: close",
                ]
                lines += [f"{name}: {value}" for name, value in reply.headers.items()]
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + reply.body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self._handlers.discard(task)


async def refused_url() -> str:
    """The URL of a loopback port nothing listens on (connecting is refused)."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    return f"http://127.0.0.1:{port}"
