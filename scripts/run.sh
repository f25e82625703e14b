#!/usr/bin/env bash
# Runs a command with the project's toolchain: Node 24 on PATH (see toolchain.sh) and
# node_modules installed from the lockfile when missing or stale. Every npm script goes
# through here, so `npm test` works on a fresh clone with no setup step of its own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/toolchain.sh"
cd "$root"
stamp="node_modules/.omocaptcha-installed"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "run: installing dev dependencies from the lockfile" >&2
  # Not `npm ci`: npm 11 drops other platforms' optional bindings (unrs-resolver) from the
  # lockfile and then refuses it as out of sync; `npm install` follows the same locked versions.
  npm install --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi
export PATH="$root/node_modules/.bin:$PATH"
exec "$@"
