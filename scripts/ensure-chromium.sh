#!/usr/bin/env bash
# Makes sure a headless-capable Chromium exists for the editor check in the e2e suite.
# Debian's `chromium` package is used (playwright-core drives it via executablePath), because
# Playwright's own browser download needs hosts other than the npm registry. Prints the path.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: installing Debian's chromium (apt-get, once)" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >&2
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
fi
echo "$CHROMIUM"
