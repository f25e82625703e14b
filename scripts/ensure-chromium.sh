#!/usr/bin/env bash
# Makes sure a headless-capable Chromium exists for the editor check in the e2e suite.
# Debian's `chromium` package is used (playwright-core drives it via executablePath), because
# Playwright's own browser download needs hosts other than the npm registry. Prints the path.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  OMO_CACHE="${OMO_CACHE:-$HOME/.cache/n8n-nodes-omocaptcha}"
  mkdir -p "$OMO_CACHE/logs"
  log="$OMO_CACHE/logs/chromium-apt.log"
  echo "ensure-chromium: installing Debian's chromium (apt-get, once; progress in $log)" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  # Other sessions may hold apt's lock: wait for it rather than fail.
  if ! { "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 update &&
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
    tail -20 "$log" >&2
    echo "ensure-chromium: apt-get failed (full log: $log)" >&2
    exit 1
  fi
fi
echo "$CHROMIUM"
