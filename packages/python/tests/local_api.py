"""The repository's local server, started from Python for the tests.

Two ways, both on 127.0.0.1 with a free port and a temporary data directory, both stopped at the end:

- :class:`LocalApi` runs ``test/python/local-api-driver.ts``: the server the TypeScript SDK and CLI
  tests use (optionally with an access policy), plus a line protocol to mint tokens with any
  scopes, subject, groups, tenant and client id, and to seed objects, versions, delete markers and
  multipart uploads (the API itself has no object writes).
- :class:`NpmStart` runs exactly what the README says: ``npm start`` (``PORT=0``) and
  ``npm run -s token``; the README examples are tested against it.

Both need ``npm ci`` to have run at the repository root (Node 24 and tsx come from node_modules).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parents[3]
NODE_BIN = REPO_ROOT / "node_modules" / ".bin"
DRIVER = REPO_ROOT / "test" / "python" / "local-api-driver.ts"
PREFIX = "@rahcp-test "
START_TIMEOUT = 60.0
ANSWER_TIMEOUT = 30.0


def node_environment(**extra: str) -> dict[str, str]:
    """The environment of ``npm run``: node_modules/.bin (Node 24, tsx) first on PATH."""
    if not (NODE_BIN / "tsx").exists():
        raise RuntimeError(f"{NODE_BIN / 'tsx'} is missing: run `npm ci` at {REPO_ROOT} first")
    env = dict(os.environ)
    env["PATH"] = f"{NODE_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["POWERTOOLS_LOG_LEVEL"] = "SILENT"  # handler logs are not what these tests look at
    # The dev issuer, the embedded store, no access policy, public ACLs blocked and the default
    # force-delete budget, whatever the caller's shell has set: the tests choose these themselves.
    names = ("AUTH_ISSUER", "AUTH_MODE", "HCP_ENDPOINT", "HCP_TENANTS", "RAHCP_POLICY", "ALLOW_PUBLIC_ACL")
    for name in (*names, "FORCE_DELETE_BUDGET_MS"):
        env.pop(name, None)
    env.update(extra)
    return env


class _Lines:
    """stdout lines of a child process, read on a thread so that waits can time out."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def next(self, timeout: float, what: str) -> str:
        try:
            line = self._queue.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"no {what} within {timeout:g} s") from None
        if line is None:
            raise RuntimeError(f"the process ended before {what}")
        return line


class _Child:
    """A child process whose stderr goes to a file, shown when something goes wrong."""

    def __init__(self, args: list[str], env: dict[str, str], *, stdin: bool) -> None:
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            args,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            start_new_session=True,  # its own process group, so a hung npm, sh, tsx or node can be killed together
        )
        assert self.process.stdout is not None
        self.lines = _Lines(self.process.stdout)

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()

    def failure(self, message: str) -> RuntimeError:
        return RuntimeError(f"{message}\n--- stderr ---\n{self.stderr()}")

    def stop(self, *, gracefully: bool = True) -> int:
        """SIGTERM to the child (when not already ended; npm and tsx pass it on to the server),
        then SIGKILL to its whole process group after 10 s, so nothing outlives the tests."""
        if gracefully and self.process.poll() is None:
            self.process.terminate()
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # stragglers of the group, if any
        if code is None:
            code = self.process.wait()
        self._stderr.close()
        return code


class LocalApi:
    """The local server driven by ``test/python/local-api-driver.ts``."""

    url: str
    #: A token with every bucket scope (read, write, admin).
    token: str

    def __init__(self, *, policy_file: Path | None = None, env: Mapping[str, str] | None = None) -> None:
        """``policy_file``: an access policy (YAML or JSON) for the server, as ``RAHCP_POLICY``.
        ``env``: further settings of the server process, e.g. ``{"FORCE_DELETE_BUDGET_MS": "1"}``
        (the server reads them per request, as a deployed stage does)."""
        extra = dict(env or {})
        if policy_file is not None:
            extra["RAHCP_POLICY"] = str(policy_file)
        env = node_environment(**extra)
        self._child = _Child([str(NODE_BIN / "tsx"), str(DRIVER)], env, stdin=True)
        self._next_id = 0
        try:
            ready = self._message(START_TIMEOUT, "the server's address")
        except RuntimeError as error:
            self._child.stop()
            raise self._child.failure(f"the local API did not start: {error}") from None
        self.url = ready["url"]
        self.token = ready["token"]

    def _message(self, timeout: float, what: str) -> dict[str, Any]:
        while True:
            line = self._child.lines.next(timeout, what)
            if line.startswith(PREFIX):
                message: dict[str, Any] = json.loads(line[len(PREFIX) :])
                return message

    def _request(self, op: str, **arguments: Any) -> Any:
        self._next_id += 1
        stdin = self._child.process.stdin
        assert stdin is not None
        stdin.write(json.dumps({"id": self._next_id, "op": op, **arguments}) + "\n")
        stdin.flush()
        answer = self._message(ANSWER_TIMEOUT, f"an answer to {op}")
        if answer.get("id") != self._next_id:
            raise RuntimeError(f"answer out of order: {answer}")
        if not answer["ok"]:
            raise RuntimeError(f"{op} failed: {answer['error']}")
        return answer["result"]

    def mint(
        self,
        scopes: list[str],
        *,
        subject: str | None = None,
        groups: list[str] | None = None,
        tenant: str | None = None,
        client_id: str | None = None,
    ) -> str:
        """A token with exactly these scope names (e.g. ``["buckets:read"]``; ``[]`` for none). The
        claims left at None are absent from the token (subject: ``local-dev``)."""
        claims = {"subject": subject, "groups": groups, "tenant": tenant, "client_id": client_id}
        token: str = self._request("mint", scopes=scopes, **{k: v for k, v in claims.items() if v is not None})
        return token

    def put_object(self, bucket: str, key: str, body: str = "x") -> dict[str, str]:
        """Writes an object (a new version where versioning is enabled): ``{versionId, etag}``."""
        result: dict[str, str] = self._request("put_object", bucket=bucket, key=key, body=body)
        return result

    def delete_object(self, bucket: str, key: str, version_id: str | None = None) -> dict[str, Any]:
        """Deletes an object (a delete marker where versioning is enabled), or one version."""
        result: dict[str, Any] = self._request("delete_object", bucket=bucket, key=key, version_id=version_id)
        return result

    def seed_objects(self, bucket: str, prefix: str, count: int, size: int = 100) -> list[str]:
        """``count`` objects named ``{prefix}000``, ``{prefix}001``…; returns their keys."""
        keys: list[str] = self._request("seed_objects", bucket=bucket, prefix=prefix, count=count, size=size)
        return keys

    def seed_versions(self, bucket: str, prefix: str, keys: int, versions: int, delete_markers: int = 0) -> int:
        """``keys`` keys named ``{prefix}00000``…, each written ``versions`` times, then a delete
        marker on the first ``delete_markers`` of them, in a bucket with versioning enabled;
        returns how many versions and delete markers the bucket gained."""
        made: dict[str, int] = self._request(
            "seed_versions", bucket=bucket, prefix=prefix, keys=keys, versions=versions, delete_markers=delete_markers
        )
        return made["versions"] + made["delete_markers"]

    def create_upload(self, bucket: str, key: str) -> str:
        """Starts a multipart upload (no parts); returns its upload id."""
        upload_id: str = self._request("create_upload", bucket=bucket, key=key)
        return upload_id

    def close(self) -> None:
        """Closes stdin: the driver stops the server and removes its directory, then exits 0."""
        stdin = self._child.process.stdin
        if stdin is not None and not stdin.closed:
            stdin.close()
        try:
            code = self._child.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            code = None
        stderr = self._child.stderr()
        self._child.stop(gracefully=code is None)
        if code != 0:
            raise RuntimeError(f"the local API exited with {code}\n--- stderr ---\n{stderr}")


_BANNER = re.compile(r"rahcp local API on (http://\S+)")


class NpmStart:
    """``npm start`` with PORT=0 and a temporary RAHCP_DATA_DIR, as a user runs it."""

    url: str

    def __init__(self) -> None:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not on PATH")
        self._npm = npm
        self._data_dir = tempfile.mkdtemp(prefix="rahcp-python-npm-start-")
        env = node_environment(PORT="0", HOST="127.0.0.1", RAHCP_DATA_DIR=self._data_dir)
        self._child = _Child([npm, "start", "--silent"], env, stdin=False)
        try:
            while True:
                match = _BANNER.search(self._child.lines.next(START_TIMEOUT, "npm start's banner"))
                if match:
                    self.url = match.group(1)
                    break
        except RuntimeError as error:
            self._child.stop()
            shutil.rmtree(self._data_dir, ignore_errors=True)
            raise self._child.failure(f"npm start did not start: {error}") from None
        self.port = int(self.url.rsplit(":", 1)[1])

    def token(self, *arguments: str) -> str:
        """``npm run -s token -- ARGUMENTS`` with the server's PORT and RAHCP_DATA_DIR."""
        env = node_environment(PORT=str(self.port), RAHCP_DATA_DIR=self._data_dir)
        result = subprocess.run(
            [self._npm, "run", "-s", "token", "--", *arguments],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"npm run -s token failed ({result.returncode}): {result.stderr}")
        return result.stdout.strip()

    def close(self) -> int:
        """Ctrl-C's equivalent (SIGTERM); the server exits 0 after closing cleanly."""
        try:
            return self._child.stop()
        finally:
            shutil.rmtree(self._data_dir, ignore_errors=True)
