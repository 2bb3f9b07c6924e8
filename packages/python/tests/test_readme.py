"""The READMEs' Python, run for real against `npm start` with a token from `npm run -s token`,
by the package installed the README's way."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rahcp import RahcpClient

from conftest import VENV_COMMANDS
from local_api import REPO_ROOT, NpmStart

ROOT_README = REPO_ROOT / "README.md"
PACKAGE_README = REPO_ROOT / "packages" / "python" / "README.md"


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def section(path: Path, heading: str) -> str:
    """The text of one `##` section."""
    text = path.read_text()
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


@pytest.fixture(scope="module")
def npm_start() -> Iterator[NpmStart]:
    server = NpmStart()
    try:
        yield server
    finally:
        assert server.close() == 0, "npm start did not stop cleanly on SIGTERM"


@pytest.fixture(scope="module")
def token(npm_start: NpmStart) -> str:
    return npm_start.token()


def run_script(python: Path, code: str, npm_start: NpmStart, token: str, cwd: Path) -> str:
    script = cwd / "example.py"
    script.write_text(code)
    env = {**os.environ, "RAHCP_ENDPOINT": npm_start.url, "RAHCP_TOKEN": token}
    env.pop("PYTHONPATH", None)  # the installed package, not the source tree
    result = subprocess.run([str(python), str(script)], capture_output=True, text=True, timeout=60, cwd=cwd, env=env)
    assert result.returncode == 0, f"the README example failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_readmes_show_the_commands_the_tests_run() -> None:
    for readme in (ROOT_README, PACKAGE_README):
        text = readme.read_text()
        assert "RAHCP_TOKEN=$(npm run -s token)" in text
        for command in VENV_COMMANDS:
            assert " ".join(command) in text, f"{readme.name} does not show `{' '.join(command)}`"
        assert "pip install ./packages/python" in text and "pip install rahcp-client" in text


async def test_the_root_readme_example(installed_venv: Path, npm_start: NpmStart, token: str, tmp_path: Path) -> None:
    (example,) = blocks(section(ROOT_README, "SDK and CLI"), "python")
    assert "buckets = await client.s3.list_buckets()" in example  # the spec's line, as written
    async with RahcpClient(npm_start.url, token) as client:
        await client.s3.create_bucket("root-readme")
        try:
            output = run_script(installed_venv, example, npm_start, token, tmp_path)
        finally:
            await client.s3.delete_bucket("root-readme")
    assert ast.literal_eval(output.strip()) == ["root-readme"]


def test_the_package_readme_quick_start(installed_venv: Path, npm_start: NpmStart, token: str, tmp_path: Path) -> None:
    python_blocks = blocks(PACKAGE_README.read_text(), "python")
    example = python_blocks[0]
    assert "asyncio.run(main())" in example
    output = run_script(installed_venv, example, npm_start, token, tmp_path).splitlines()
    expected = [
        r"example-bucket \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00",
        r"versioning: Enabled",
        r"deleted: NoSuchBucket \S+=",
    ]
    assert len(output) == len(expected), output
    for line, pattern in zip(output, expected):
        assert re.fullmatch(pattern, line), f"{line!r} does not match {pattern!r}"
    # The output the README shows has the same shape.
    shown = blocks(PACKAGE_README.read_text(), "text")[0].splitlines()
    assert [bool(re.fullmatch(p, line)) for p, line in zip(expected, shown)] == [True] * len(expected)


async def test_the_package_readme_fragments(npm_start: NpmStart, token: str) -> None:
    """The other blocks run in order with `client` bound, as if typed into `python -m asyncio`."""
    fragments = blocks(PACKAGE_README.read_text(), "python")[1:]
    assert len(fragments) == 6
    async with RahcpClient(npm_start.url, token) as client:
        await client.s3.create_bucket("my-bucket")
        namespace: dict[str, Any] = {"client": client}
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            for fragment in fragments:
                if '"old-bucket"' in fragment:  # force delete's bucket, made only now: not in the listings
                    await client.s3.create_bucket("old-bucket")
                code = compile(fragment, "README fragment", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
                result = eval(code, namespace)  # noqa: S307 - our own README
                if result is not None:
                    await result
        assert not await client.s3.bucket_exists("my-bucket")  # the errors fragment deleted it
        assert not await client.s3.bucket_exists("old-bucket")  # and the force-delete fragment this one
    me_shown = blocks(section(PACKAGE_README, "Operations"), "text")[0].splitlines()
    assert printed.getvalue().splitlines() == [
        "0 False None []",  # the empty bucket's first page
        "[]",  # its common prefixes
        "['my-bucket']",  # the bucket pages (no team-a-* buckets)
        "deleted 0",  # the force delete of an empty bucket: one request, nothing to remove
        *me_shown,  # me() prints what the README shows
        "PublicAclBlocked",  # the refused public grant
    ]
    assert me_shown == [
        "local-dev default [] ['read', 'write', 'admin']",
        "default ['*'] ['read', 'write', 'admin'] None",
    ]
    assert namespace["client"].endpoint == "https://buckets.example.com"  # the options fragment built one
