#!/usr/bin/env bash
# Makes sure Debian's Python has what the Python SDK (packages/python) and its tests need: httpx
# (runtime), pytest and pytest-asyncio (tests), pip, setuptools, wheel and venv (the offline wheel
# build and the README's install into a virtual environment).
# No Python registry is reachable, so they come from Debian's apt repository, for /usr/bin/python3.
# Idempotent and silent when all are importable; otherwise installs them with apt-get, directly as
# root or through passwordless sudo (GitHub-hosted runners). Exits non-zero with a message on
# stderr when they are missing and cannot be installed: the Python tests must fail then, never be
# skipped.
#
#   RAHCP_PYTHON  the interpreter to check (default /usr/bin/python3, the Debian package's)
set -euo pipefail

PYTHON=${RAHCP_PYTHON:-/usr/bin/python3}
PACKAGES=(python3-httpx python3-pytest python3-pytest-asyncio python3-pip python3-setuptools python3-wheel python3-venv)
MODULES="httpx pytest pytest_asyncio pip setuptools wheel ensurepip"
# find_spec, not import: quick, and free of the import-order trap between pip and setuptools' distutils shim.
ready() {
  [ -x "$PYTHON" ] && "$PYTHON" -c 'import importlib.util, sys; sys.exit(any(importlib.util.find_spec(m) is None for m in sys.argv[1:]))' $MODULES 2>/dev/null
}
ready && exit 0

fail() { echo "ensure-python: $*" >&2; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/as-root.sh
. "$here/lib/as-root.sh"

can_be_root ||
  fail "$PYTHON lacks some of the modules $MODULES and installing them needs root. Install them with: sudo apt-get install ${PACKAGES[*]}"
command -v apt-get >/dev/null || fail "Python test packages are missing and apt-get is not available to install them (Debian/Ubuntu expected)"

# One installer at a time (e.g. `npm test`'s pretest and a direct vitest run); the winner's
# install satisfies the others.
exec 9>/tmp/rahcp-ensure-python.lock
flock -w 600 9 || fail "timed out waiting for another Python package installation"
ready && exit 0

echo "ensure-python: installing ${PACKAGES[*]} (apt-get)…" >&2
apt_install "${PACKAGES[@]}" >&2 || fail "apt-get install ${PACKAGES[*]} failed"
ready || fail "the packages are installed but $PYTHON cannot find the modules $MODULES"
echo "ensure-python: $("$PYTHON" -c 'import httpx, pytest, pytest_asyncio; print(f"httpx {httpx.__version__}, pytest {pytest.__version__}, pytest-asyncio {pytest_asyncio.__version__}")')" >&2
