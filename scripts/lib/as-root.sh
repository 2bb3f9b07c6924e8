# Sourced by the scripts that install Debian packages. They run as root here and in CI on this
# machine kind, and as a user with passwordless sudo on GitHub's ubuntu-latest runners; `sudo -n`
# never prompts, so a user without passwordless sudo gets a clear error instead of a hang.
#
#   as_root CMD ARGS...   runs CMD as root (directly, or through `sudo -n`), or returns 1
#   can_be_root           true when as_root can work
#   apt_install PKG...    apt-get update + install --no-install-recommends, non-interactive

can_be_root() {
  [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }
}

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    echo "as_root: '$1' needs root or passwordless sudo (sudo -n failed)" >&2
    return 1
  fi
}

apt_install() {
  command -v apt-get >/dev/null || { echo "apt_install: apt-get is not available (Debian/Ubuntu expected)" >&2; return 1; }
  # A concurrent apt (another installer, unattended-upgrades on a runner) is waited for, not failed on.
  local options=(-o DPkg::Lock::Timeout=300)
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${options[@]}" update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${options[@]}" install -y -qq --no-install-recommends "$@"
}
