#!/usr/bin/env bash
# Makes .sst/platform exist: SST's component sources and config.d.ts, against which
# `npm run typecheck` checks sst.config.ts and infra/ (tsconfig.infra.json).
#
# Works without GitHub access: `sst install` normally first downloads Pulumi and Bun from GitHub.
# SST_SKIP_DEPENDENCY_CHECK skips that (install never runs Pulumi), SST_BUN_PATH points SST at
# the Bun binary of the `bun` npm devDependency, and the providers come from the npm registry
# (or Bun's cache). Idempotent: does nothing when the platform matches the installed SST version
# and the current sst.config.ts.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

platform=".sst/platform"
stamp="$platform/.rahcp-stamp"
sst_version="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' node_modules/sst/package.json | head -n 1)"
wanted="sst $sst_version, sst.config.ts $(sha256sum sst.config.ts | cut -c1-16)"

fresh() {
  [[ -f "$platform/config.d.ts" && -d "$platform/node_modules/@pulumi/aws" && -f "$stamp" ]] &&
    [[ "$(cat "$stamp")" == "$wanted" ]]
}

fresh && exit 0

mkdir -p .sst
# Parallel callers (typecheck and tests started together) wait for one install.
exec 9>".sst/.platform.lock"
flock 9
fresh && exit 0

bun="$root/node_modules/bun/bin/bun.exe"
if [[ ! -x "$bun" ]]; then
  echo "sst-platform: $bun is missing; run npm ci (the bun devDependency ships it)" >&2
  exit 1
fi

rm -f "$stamp"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! SST_SKIP_DEPENDENCY_CHECK=1 SST_BUN_PATH="$bun" SST_TELEMETRY_DISABLED=1 \
  npx --no-install sst install --stage dev >"$log" 2>&1; then
  cat "$log" >&2
  echo "sst-platform: sst install failed" >&2
  exit 1
fi
if [[ ! -f "$platform/config.d.ts" ]]; then
  cat "$log" >&2
  echo "sst-platform: sst install did not produce $platform/config.d.ts" >&2
  exit 1
fi
echo "$wanted" >"$stamp"
echo "sst-platform: $platform ready (sst $sst_version)"
