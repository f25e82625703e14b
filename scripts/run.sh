#!/usr/bin/env bash
# Runs a command with the project's toolchain: Node 24 on PATH (see toolchain.sh) and
# node_modules installed from the lockfile with `npm ci` when missing or older than the lockfile.
# Every npm script goes through here, so `npm test` works on a fresh clone with no setup step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/toolchain.sh"
cd "$root"
# npm writes node_modules/.package-lock.json on every install: it is the stamp of the last one.
stamp="node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "run: installing dev dependencies from the lockfile (npm ci)" >&2
  # No install scripts: no dev dependency needs one here (esbuild and unrs-resolver find their
  # prebuilt binaries without them), and a dev tool's preinstall insists on pnpm.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$root/node_modules/.bin:$PATH"
exec "$@"
