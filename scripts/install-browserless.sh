#!/usr/bin/env bash
# Installs the open-source Browserless server (@browserless.io/browserless, Node >= 24) into the
# cache outside the clone, keyed by version, for the tests that drive a self-hosted browser
# service; prints the install folder. Rebuilt only when missing. It runs Debian's Chromium
# (scripts/ensure-chromium.sh): Browserless looks for Playwright's Chromium build, so the install
# links Playwright's path for that build to it (see scripts/browserless.mjs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/toolchain.sh"
BROWSERLESS_VERSION="${BROWSERLESS_VERSION:-2.42.0}"
dir="$OMO_CACHE/browserless-$BROWSERLESS_VERSION"
if [ ! -f "$dir/.complete" ]; then
  echo "install-browserless: installing @browserless.io/browserless $BROWSERLESS_VERSION into $dir (a minute or two, once)" >&2
  chromium="$(bash "$here/ensure-chromium.sh")"
  mkdir -p "$OMO_CACHE"
  # A private staging folder: two first runs at once must not write into each other.
  partial="$(mktemp -d "$dir.partial.XXXXXX")"
  (
    cd "$partial"
    echo '{"name":"omocaptcha-browserless-runtime","private":true}' > package.json
    # No install scripts: the package has none, and none of its dependencies needs one to serve
    # Chromium (Playwright's browser download is what Debian's package stands in for).
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error "@browserless.io/browserless@$BROWSERLESS_VERSION" >&2
    # Browserless reads two files relative to its working directory, as in its Docker image where
    # that is the package's own folder: package.json's Playwright versions, and
    # node_modules/playwright-core. Here the dependencies sit in this folder, so it runs from here
    # (scripts/browserless.ts) and this package.json gets the versions.
    node -e '
      const fs = require("fs");
      const own = require("./node_modules/@browserless.io/browserless/package.json");
      const runtime = JSON.parse(fs.readFileSync("package.json", "utf8"));
      runtime.playwrightVersions = own.playwrightVersions;
      fs.writeFileSync("package.json", JSON.stringify(runtime, null, 2) + "\n");
    '
    # The Chromium build Browserless expects is the one of the playwright-core it depends on
    # (browsers.json); it looks for it under PLAYWRIGHT_BROWSERS_PATH.
    revision="$(node -e '
      const browsers = require("./node_modules/playwright-core/browsers.json").browsers;
      process.stdout.write(browsers.find((b) => b.name === "chromium").revision);
    ')"
    mkdir -p "playwright-browsers/chromium-$revision/chrome-linux64"
    ln -s "$chromium" "playwright-browsers/chromium-$revision/chrome-linux64/chrome"
  )
  touch "$partial/.complete"
  if [ -f "$dir/.complete" ]; then rm -rf "$partial"; else rm -rf "$dir" && mv "$partial" "$dir"; fi
fi
echo "$dir"
