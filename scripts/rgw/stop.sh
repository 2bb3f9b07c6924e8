#!/usr/bin/env bash
# Stops the cluster started by start.sh (gateway, then OSD, then monitor) and removes its state dir.
set -euo pipefail
STATE=${RGW_STATE_DIR:-/tmp/rahcp-rgw}
CONF=$STATE/ceph.conf

# Signal a pid only while its command line still is one of our daemons (pids get reused).
ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qE '(radosgw|ceph-osd|ceph-mon)'; }

for name in client.rgw.a osd.0 mon.a; do
  pidfile=$STATE/run/$name.pid
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do ours "$pid" || break; sleep 0.1; done
    if ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
done
[ -f "$CONF" ] && rm -rf "$STATE"
exit 0
