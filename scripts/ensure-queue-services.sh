#!/usr/bin/env bash
# Makes sure Postgres and Redis exist for the queue-mode suite (n8n's queue mode needs both) and
# prints where they are as KEY=value lines. Debian's packages, installed once with apt-get; their
# output goes to a log file. The suite starts its own throwaway servers on free loopback ports:
# the packages' system services are neither needed nor touched.
# Postgres refuses to run as root: as root, the servers run as the `postgres` account the package
# creates (as another user, as that user).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/toolchain.sh"

find_postgres() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(find_postgres)" ] || ! command -v redis-server >/dev/null; then
  mkdir -p "$OMO_CACHE/logs"
  log="$OMO_CACHE/logs/apt-queue-services.log"
  echo "ensure-queue-services: installing Debian's postgresql and redis-server (apt-get, once; log: $log)" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  # Several sessions may install at once: wait for dpkg's lock instead of failing.
  if ! "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends postgresql redis-server >>"$log" 2>&1; then
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 update >>"$log" 2>&1
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends postgresql redis-server >>"$log" 2>&1 \
      || { echo "ensure-queue-services: apt-get failed, see $log" >&2; exit 1; }
  fi
fi

pg_bin="$(find_postgres)"
[ -x "$pg_bin/postgres" ] || { echo "ensure-queue-services: no postgres binary under /usr/lib/postgresql" >&2; exit 1; }
run_as="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "ensure-queue-services: running as root and there is no postgres account" >&2; exit 1; }
  run_as=postgres
fi
echo "PG_BIN=$pg_bin"
echo "PG_VERSION=$("$pg_bin/postgres" --version | awk '{print $3}')"
echo "REDIS_SERVER=$(command -v redis-server)"
echo "REDIS_VERSION=$(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')"
echo "RUN_AS=$run_as"
