#!/usr/bin/env bash
# Makes sure a headless-capable Chromium exists (the e2e editor check, the demo captcha pages'
# browser tests, scripts/chromium.ts). Debian's `chromium` package is used (playwright-core and
# the tests drive it via its path), because Playwright's own browser download needs hosts other
# than the npm registry. Prints the path. apt's output goes to a log file, not the console.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  cache="${OMO_CACHE:-$HOME/.cache/n8n-nodes-omocaptcha}"
  mkdir -p "$cache/logs"
  log="$cache/logs/apt-chromium.log"
  echo "ensure-chromium: installing Debian's chromium (apt-get, once; log: $log)" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  # Several sessions may install at once: wait for the dpkg lock instead of failing.
  apt_get=("${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=900 -q -y)
  if ! "${apt_get[@]}" install --no-install-recommends chromium fonts-dejavu-core >>"$log" 2>&1; then
    # The package lists may be missing or stale on a fresh machine.
    "${apt_get[@]}" update >>"$log" 2>&1
    "${apt_get[@]}" install --no-install-recommends chromium fonts-dejavu-core >>"$log" 2>&1 || {
      echo "ensure-chromium: apt-get failed; the last lines of $log:" >&2
      tail -20 "$log" >&2
      exit 1
    }
  fi
  [ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM still missing after apt-get (see $log)" >&2; exit 1; }
fi
echo "$CHROMIUM"
