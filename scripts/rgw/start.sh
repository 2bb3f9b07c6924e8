#!/usr/bin/env bash
# Starts a throwaway single-node Ceph cluster (one monitor, one in-memory OSD, no manager) and a
# RADOS Gateway that serves S3 on 127.0.0.1 only, creates two S3 users with fixed test keys, and
# prints `export RGW_*=...` lines on stdout, so that:   eval "$(bash scripts/rgw/start.sh)"
# Progress and errors go to stderr. Installing the Debian packages (only when missing) needs root or
# passwordless sudo; the cluster itself runs as the calling user, in a state dir it can write.
# Every run starts from an empty cluster: a gateway left over in the same state dir is stopped.
# Stop with scripts/rgw/stop.sh (same RGW_STATE_DIR).
#
#   RGW_STATE_DIR  where config, pid files and logs live   (default /tmp/rahcp-rgw)
#   RGW_PORT       S3 port on 127.0.0.1                    (default 7480)
#   RGW_MON_PORT   Ceph monitor port on 127.0.0.1          (default 3300)
set -euo pipefail

STATE=${RGW_STATE_DIR:-/tmp/rahcp-rgw}
PORT=${RGW_PORT:-7480}
MON_PORT=${RGW_MON_PORT:-3300}
CONF=$STATE/ceph.conf   # its presence also marks the state dir as ours (stop.sh deletes it)
export CEPH_CONF=$CONF  # for the ceph / radosgw-admin clients below, and recorded by the daemons

ACCESS_KEY=rahcp-test-access
SECRET_KEY=rahcp-test-secret
OTHER_ACCESS_KEY=rahcp-other-access
OTHER_SECRET_KEY=rahcp-other-secret
# A user in the RGW tenant "research": bucket names are unique per RGW tenant, as per HCP tenant.
RESEARCH_ACCESS_KEY=rahcp-research-access
RESEARCH_SECRET_KEY=rahcp-research-secret

# Keep stdout for the export lines only: everything else, including chatty tools, goes to stderr.
exec 3>&1 1>&2

say() { echo "[rgw] $*"; }
fail() { say "error: $*"; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/as-root.sh
. "$here/../lib/as-root.sh"

# --- packages: apt is only touched when something is missing --------------------------------------
missing=()
for bin in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool curl; do
  command -v "$bin" >/dev/null || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages (missing: ${missing[*]})"
  can_be_root || fail "installing the Ceph packages needs root or passwordless sudo (missing: ${missing[*]})"
  apt_install ceph-mon ceph-osd radosgw ceph-common curl >/dev/null || fail "apt-get install of the Ceph packages failed"
  # The packages must have brought every binary onto PATH.
  for bin in "${missing[@]}"; do command -v "$bin" >/dev/null || fail "$bin is still missing after the install"; done
fi

# --- a cluster from an earlier run in this state dir is stopped and wiped -------------------------
if [ -d "$STATE" ] && [ ! -e "$CONF" ] && [ -n "$(ls -A "$STATE")" ]; then
  fail "$STATE exists and was not made by this script; set RGW_STATE_DIR"
fi
bash "$here/stop.sh"
port_busy() { (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$PORT" && fail "port $PORT on 127.0.0.1 is already in use; set RGW_PORT"
port_busy "$MON_PORT" && fail "port $MON_PORT on 127.0.0.1 is already in use; set RGW_MON_PORT"

mkdir -p "$STATE/mon.a" "$STATE/osd.0" "$STATE/rgw" "$STATE/run" "$STATE/log"

fsid=$(cat /proc/sys/kernel/random/uuid)
cat >"$CONF" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
# radosgw asks for a "secure" mon connection by default, which cannot work with auth = none
ms mon client mode = crc
run dir = $STATE/run
pid file = $STATE/run/\$name.pid
admin socket = $STATE/run/\$name.asok
log file = $STATE/log/\$name.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# propose monitor map changes every 50 ms instead of 1 s: start-up drops from ~13 s to ~2 s
paxos propose interval = 0.05
mon data avail warn = 1
mon data avail crit = 0

[mon]
mon data = $STATE/\$name

[osd]
osd data = $STATE/\$name
# RAM-backed object store: no disk I/O, and the data is gone when the OSD stops
osd objectstore = memstore
memstore device bytes = ${RGW_MEMSTORE_BYTES:-2147483648}

[client.rgw.a]
rgw data = $STATE/rgw
# tcp_nodelay: without it, responses with a body on a kept-alive connection wait ~40 ms for the
# client's delayed ACK (Nagle), e.g. every ListBuckets after the first on an SDK connection
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
rgw enable usage log = false
# One object at a time inside a DeleteObjects: RGW 16.2's parallel multi-object delete shares one
# object context across its coroutines and segfaults under load (RGWDeleteMultiObj::
# handle_individual_object → get_obj_state_impl), e.g. while a force delete empties a bucket.
rgw multi obj del max aio = 1
rgw thread pool size = 64
CONF

wait_for() { # seconds, what, command...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what did not come up; see $STATE/log/"
    sleep 0.2
  done
}

# Daemons get `-c $CONF` on their command line (stop.sh checks it before signalling a pid), and
# none of the caller's descriptors: they close stdin/stdout/stderr when they detach but keep any
# other inherited fd, and a pipe held open that way makes `$(start.sh)` or `| tee` wait forever.
daemon() {
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then exec {fd}>&-; fi
    done
    exec "$@"
  ) </dev/null >>"$STATE/log/console.log" 2>&1
}

say "starting ceph-mon on 127.0.0.1:$MON_PORT"
monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" "$STATE/run/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$STATE/run/monmap" >>"$STATE/log/console.log" 2>&1
daemon ceph-mon -c "$CONF" -i a
wait_for 30 "ceph-mon" ceph -s --connect-timeout 2

say "starting ceph-osd (memstore)"
osd_uuid=$(cat /proc/sys/kernel/random/uuid)
ceph osd new "$osd_uuid" 0 >/dev/null
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$STATE/log/console.log" 2>&1
daemon ceph-osd -c "$CONF" -i 0
osd_up() { ceph osd dump | grep -q '^osd\.0 up'; }
wait_for 60 "ceph-osd" osd_up

say "starting radosgw on 127.0.0.1:$PORT"
daemon radosgw -c "$CONF" -n client.rgw.a
rgw_up() { curl -fsS "http://127.0.0.1:$PORT/" | grep -q ListAllMyBucketsResult; }
wait_for 120 "radosgw" rgw_up

radosgw-admin user create --uid=rahcp-test --display-name="rahcp test" \
  --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null
# A second owner, for "bucket already exists, owned by someone else" and cross-user ACL grants.
radosgw-admin user create --uid=rahcp-other --display-name="rahcp other" \
  --access-key="$OTHER_ACCESS_KEY" --secret="$OTHER_SECRET_KEY" >/dev/null
# Stands for a second HCP tenant: its own bucket namespace and keys (RGW multi-tenancy).
radosgw-admin user create --tenant=research --uid=rahcp-research --display-name="rahcp research" \
  --access-key="$RESEARCH_ACCESS_KEY" --secret="$RESEARCH_SECRET_KEY" >/dev/null
say "ready on http://127.0.0.1:$PORT after ${SECONDS}s (state in $STATE)"

cat >&3 <<OUT
export RGW_ENDPOINT=http://127.0.0.1:$PORT
export RGW_ACCESS_KEY_ID=$ACCESS_KEY
export RGW_SECRET_ACCESS_KEY=$SECRET_KEY
export RGW_OTHER_ACCESS_KEY_ID=$OTHER_ACCESS_KEY
export RGW_OTHER_SECRET_ACCESS_KEY=$OTHER_SECRET_KEY
export RGW_RESEARCH_ACCESS_KEY_ID=$RESEARCH_ACCESS_KEY
export RGW_RESEARCH_SECRET_ACCESS_KEY=$RESEARCH_SECRET_KEY
OUT
