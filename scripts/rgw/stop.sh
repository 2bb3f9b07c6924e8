#!/usr/bin/env bash
# Stops the cluster started by start.sh (gateway, then OSD, then monitor), waits until each daemon
# has exited, and removes the state dir. Does nothing, successfully, when nothing is running.
#   RGW_STATE_DIR  the state dir given to start.sh   (default /tmp/rahcp-rgw)
set -euo pipefail

STATE=${RGW_STATE_DIR:-/tmp/rahcp-rgw}
CONF=$STATE/ceph.conf

say() { echo "[rgw] $*" >&2; }

# A pid from a pid file is only signalled while it still is a Ceph daemon of THIS state dir
# (its command line or its environment names our ceph.conf): pids get reused.
ours() {
  local pid=$1 cmd
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmd =~ ^(/usr/bin/)?(radosgw|ceph-osd|ceph-mon)\  ]] || return 1
  [[ $cmd == *"$CONF"* ]] || tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" | grep -qxF "CEPH_CONF=$CONF"
}

gone_within() { # pid, tenths of a second
  local i
  for ((i = 0; i < $2; i++)); do
    ours "$1" || return 0
    sleep 0.1
  done
  ! ours "$1"
}

for name in client.rgw.a osd.0 mon.a; do
  pidfile=$STATE/run/$name.pid
  [ -f "$pidfile" ] || continue
  pid=$(<"$pidfile")
  ours "$pid" || continue
  kill -TERM "$pid" 2>/dev/null || true
  if ! gone_within "$pid" 100; then
    say "$name ($pid) ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    gone_within "$pid" 50 || { say "error: $name ($pid) is still running"; exit 1; }
  fi
  say "stopped $name ($pid)"
done

# Only a directory that start.sh set up (it holds our ceph.conf) is deleted.
if [ -f "$CONF" ]; then
  rm -rf "$STATE"
fi
