from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

import rahcp.retry
from rahcp import RahcpClient

from local_api import LocalApi

READ, WRITE, ADMIN = "buckets:read", "buckets:write", "buckets:admin"


@pytest.fixture(scope="session")
def local_api() -> Iterator[LocalApi]:
    """One local server for the whole run (synchronous, so it does not depend on an event loop)."""
    api = LocalApi()
    try:
        yield api
    finally:
        api.close()


@pytest.fixture
async def client(local_api: LocalApi) -> AsyncIterator[RahcpClient]:
    """A client with every bucket scope."""
    async with RahcpClient(local_api.url, local_api.token) as c:
        yield c


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between attempts, recorded instead of slept."""
    recorded: list[float] = []

    async def record(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(rahcp.retry, "sleep", record)
    return recorded


_counter = itertools.count()


@pytest.fixture
def bucket_name(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """Unique, valid bucket names per test (the server lives for the whole session)."""

    def make(label: str = "b") -> str:
        return f"py-{os.getpid() % 10_000}-{next(_counter)}-{label}"[:63].rstrip("-")

    return make


@pytest.fixture(scope="session")
def installed_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with the package installed the README's way (offline, Debian's
    httpx and build tools), from a copy of packages/python so no build output lands in the tree.
    Returns the environment's python."""
    work = tmp_path_factory.mktemp("venv")
    source = work / "python"
    shutil.copytree(PACKAGE_ROOT, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "tests"))
    venv = work / ".venv"
    for command in VENV_COMMANDS:
        args = [
            str(venv / "bin" / "pip") if a == ".venv/bin/pip" else str(venv) if a == ".venv" else a for a in command
        ]
        args = [str(source) if a == "./packages/python" else a for a in args]
        env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # never the network
        result = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, cwd=work, env=env)
        assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return venv / "bin" / "python"


#: The README's install commands (test_readme.py checks that the README shows them).
VENV_COMMANDS = [
    ["/usr/bin/python3", "-m", "venv", "--system-site-packages", ".venv"],
    [".venv/bin/pip", "install", "--no-build-isolation", "--no-deps", "./packages/python"],
]
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
