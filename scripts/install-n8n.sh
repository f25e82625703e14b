#!/usr/bin/env bash
# Installs n8n (for end-to-end tests, `npm run dev` and `npm run demo`) into the cache outside
# the clone, keyed by version; prints the install folder. Rebuilt only when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/toolchain.sh"
# The one place that names the n8n every script and test runs (override: N8N_VERSION=x.y.z).
# 2.41.1 is the newest that installs from the npm registry: `latest` is 2.41.3, but its dependency
# is not served (npm install n8n@2.41.3: "npm error code ETARGET / No matching version found for
# @n8n/agents@0.26.2"). Moving on (docs/testing-with-n8n.md): this default, the devDependencies
# pinned to what that n8n pins, and the tested versions in README and CHANGELOG.
N8N_VERSION="${N8N_VERSION:-2.41.1}"
dir="$OMO_CACHE/n8n-$N8N_VERSION"
if [ ! -f "$dir/.complete" ]; then
  echo "install-n8n: installing n8n $N8N_VERSION into $dir (a few minutes, once)" >&2
  mkdir -p "$OMO_CACHE"
  # A private staging folder: two first runs at once must not write into each other.
  partial="$(mktemp -d "$dir.partial.XXXXXX")"
  (
    cd "$partial"
    echo '{"name":"omocaptcha-n8n-runtime","private":true}' > package.json
    # Install scripts stay off: most native modules (kafka, oracledb, ...) are not needed;
    # only sqlite3, n8n's default database driver, is built from source against Node 24.
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" >&2
    # What sqlite3's install script does when no prebuilt binary fits: node-gyp (npm's own copy),
    # here against the headers of the Node that runs n8n.
    node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
    # The compiler's output goes to a log file, shown only when the build fails.
    mkdir -p "$OMO_CACHE/logs"
    build_log="$OMO_CACHE/logs/n8n-$N8N_VERSION-sqlite3-build.log"
    if ! (cd node_modules/sqlite3 && node "$node_gyp" rebuild --release --nodedir="$OMO_NODE_HEADERS") >"$build_log" 2>&1; then
      tail -40 "$build_log" >&2
      echo "install-n8n: building sqlite3 failed (full log: $build_log)" >&2
      exit 1
    fi
  )
  touch "$partial/.complete"
  if [ -f "$dir/.complete" ]; then rm -rf "$partial"; else rm -rf "$dir" && mv "$partial" "$dir"; fi
fi
echo "$dir"
