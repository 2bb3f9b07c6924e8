#!/usr/bin/env bash
# Finds the Chrome or Chromium that the docs-page test drives with playwright-core and prints its
# path on stdout (and nothing else). Installs Debian's chromium only when no browser is found.
#
#   1. CHROMIUM_PATH, when set: it must run (a configured browser is never silently replaced);
#   2. else the first of chromium, chromium-browser, google-chrome, google-chrome-stable on PATH
#      that runs (Debian ships chromium; GitHub's ubuntu-latest runners ship google-chrome);
#   3. else `apt-get install chromium`, as root or through passwordless sudo.
#
# Exits non-zero with a message on stderr when no browser can be had: the browser test must fail
# then, never be skipped.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/as-root.sh
. "$here/lib/as-root.sh"

CANDIDATES=(chromium chromium-browser google-chrome google-chrome-stable)

fail() { echo "ensure-chromium: $*" >&2; exit 1; }

# An executable that cannot start does not count: Ubuntu's chromium-browser is a stub that asks
# for a snap.
runs() { "$1" --version >/dev/null 2>&1; }

find_browser() {
  local name path
  for name in "${CANDIDATES[@]}"; do
    path=$(command -v "$name") || continue
    if runs "$path"; then
      echo "$path"
      return 0
    fi
  done
  return 1
}

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || fail "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file"
  runs "$CHROMIUM_PATH" || fail "CHROMIUM_PATH=$CHROMIUM_PATH does not start ('$CHROMIUM_PATH --version' failed)"
  echo "$CHROMIUM_PATH"
  exit 0
fi

find_browser && exit 0

can_be_root ||
  fail "no Chrome or Chromium found (looked for ${CANDIDATES[*]} on PATH), and installing one needs root or passwordless sudo. Install one (sudo apt-get install --no-install-recommends chromium) or set CHROMIUM_PATH"

# One installer at a time (e.g. `npm test`'s pretest and a direct vitest run); the winner's
# install satisfies the others. Per user: a lock file left by another user could not be opened.
exec 9>"${TMPDIR:-/tmp}/rahcp-ensure-chromium-$(id -u).lock"
flock -w 600 9 || fail "timed out waiting for another chromium installation"
find_browser && exit 0

echo "ensure-chromium: no Chrome or Chromium found; installing Debian's chromium (apt-get)…" >&2
apt_install chromium >&2 || fail "apt-get install chromium failed"
browser=$(find_browser) || fail "the chromium package is installed but no browser starts"
echo "ensure-chromium: installed $("$browser" --version 2>/dev/null || echo chromium) at $browser" >&2
echo "$browser"
