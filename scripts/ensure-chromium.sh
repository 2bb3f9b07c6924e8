#!/usr/bin/env bash
# Makes sure Debian's chromium (the browser the docs-page test drives with playwright-core) is
# installed. Idempotent and silent when it already is; otherwise installs it with apt (root only).
# Exits non-zero with a message on stderr when chromium is missing and cannot be installed:
# the browser test must fail then, never be skipped.
#
#   CHROMIUM_PATH  the executable to check (default /usr/bin/chromium, the Debian package's)
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0

fail() { echo "ensure-chromium: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] ||
  fail "$CHROMIUM is missing and installing it needs root. Install it with: sudo apt-get install --no-install-recommends chromium"
command -v apt-get >/dev/null || fail "$CHROMIUM is missing and apt-get is not available to install it (Debian/Ubuntu expected)"

# One installer at a time (e.g. `npm test`'s pretest and a direct vitest run); the winner's
# install satisfies the others.
exec 9>/tmp/rahcp-ensure-chromium.lock
flock -w 600 9 || fail "timed out waiting for another chromium installation"
[ -x "$CHROMIUM" ] && exit 0

echo "ensure-chromium: installing Debian's chromium (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt_options=(-o DPkg::Lock::Timeout=300)
apt-get "${apt_options[@]}" update -qq >&2 || fail "apt-get update failed"
apt-get "${apt_options[@]}" install -y -qq --no-install-recommends chromium >&2 ||
  fail "apt-get install chromium failed"
[ -x "$CHROMIUM" ] || fail "the chromium package is installed but $CHROMIUM is missing"
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
