#!/usr/bin/env bash
# `npm run lint`: the whole repository. The shipped sources (nodes/, credentials/, index.ts and
# package.json) under n8n's own cloud config, eslint.config.mjs, unmodified; everything else under
# the relaxed eslint.dev.config.mjs; then scripts/check-exports.ts. Extra arguments (e.g. --fix)
# go to both eslint runs.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
eslint --max-warnings=0 "$@" nodes credentials index.ts package.json || status=1
eslint --max-warnings=0 --config eslint.dev.config.mjs "$@" . || status=1
# No export that only its own file uses, in scripts/, test/, bench/ and examples/.
node --import tsx scripts/check-exports.ts || status=1
exit $status
