#!/usr/bin/env bash
# Starts a throwaway single-node Ceph cluster (one monitor, one in-memory OSD, no manager) and a
# RADOS Gateway on 127.0.0.1, then prints `export RGW_*=...` lines for `eval "$(bash start.sh)"`.
# Progress goes to stderr. Needs root the first time (Debian packages). Stop with stop.sh.
set -euo pipefail

STATE=${RGW_STATE_DIR:-/tmp/rahcp-rgw}
PORT=${RGW_PORT:-7480}
MON_PORT=${RGW_MON_PORT:-3300}
CONF=$STATE/ceph.conf
export CEPH_CONF=$CONF

ACCESS_KEY=rahcp-test-access
SECRET_KEY=rahcp-test-secret
OTHER_ACCESS_KEY=rahcp-other-access
OTHER_SECRET_KEY=rahcp-other-secret

say() { echo "[rgw] $*" >&2; }
here=$(cd "$(dirname "$0")" && pwd)

# Packages: only touch apt when something is missing.
missing=()
for bin in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool curl; do
  command -v "$bin" >/dev/null || missing+=("$bin")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Ceph packages (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends ceph-mon ceph-osd radosgw ceph-common curl >/dev/null
fi

# A previous cluster in the same state dir is stopped and wiped: every run starts empty.
bash "$here/stop.sh" >/dev/null 2>&1 || true
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  say "port $PORT is already in use by another program; set RGW_PORT"
  exit 1
fi
mkdir -p "$STATE/mon.a" "$STATE/osd.0" "$STATE/rgw" "$STATE/run" "$STATE/log"

fsid=$(cat /proc/sys/kernel/random/uuid)
cat > "$CONF" <<CONF
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
# RAM-backed object store: nothing touches the disk and a run leaves no data behind
osd objectstore = memstore
memstore device bytes = ${RGW_MEMSTORE_BYTES:-2147483648}

[client.rgw.a]
rgw data = $STATE/rgw
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw thread pool size = 64
CONF

wait_for() { # seconds, description, command...
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then say "$what did not come up; logs in $STATE/log"; exit 1; fi
    sleep 0.2
  done
}

say "monitor"
monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" "$STATE/run/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$STATE/run/monmap"
ceph-mon -i a
wait_for 30 "ceph-mon" ceph -s --connect-timeout 2

say "osd (memstore)"
osd_uuid=$(cat /proc/sys/kernel/random/uuid)
osd_id=$(ceph osd new "$osd_uuid")
ceph-osd -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1
ceph-osd -i "$osd_id" 2>/dev/null
osd_up() { ceph osd dump | grep -q "^osd.$osd_id up"; }
wait_for 60 "ceph-osd" osd_up

say "radosgw on 127.0.0.1:$PORT"
radosgw -n client.rgw.a
rgw_up() { curl -fsS "http://127.0.0.1:$PORT/" | grep -q ListAllMyBucketsResult; }
wait_for 120 "radosgw" rgw_up

radosgw-admin user create --uid=rahcp-test --display-name="rahcp test" \
  --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null
radosgw-admin user create --uid=rahcp-other --display-name="rahcp other" \
  --access-key="$OTHER_ACCESS_KEY" --secret="$OTHER_SECRET_KEY" >/dev/null
say "ready after ${SECONDS}s"

cat <<OUT
export RGW_ENDPOINT=http://127.0.0.1:$PORT
export RGW_ACCESS_KEY_ID=$ACCESS_KEY
export RGW_SECRET_ACCESS_KEY=$SECRET_KEY
export RGW_OTHER_ACCESS_KEY_ID=$OTHER_ACCESS_KEY
export RGW_OTHER_SECRET_ACCESS_KEY=$OTHER_SECRET_KEY
OUT
