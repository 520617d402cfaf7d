#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) into a cache folder outside the
# repository, for test/clients/vscode-code-server.test.js. Not a project
# dependency: the test finds it in the cache (or STRAP_CODE_SERVER).
#
# 4.100.3 is the newest code-server whose engines accept Node 20. Its install
# builds native modules and fetches nothing but npm packages:
#   - as root, npm runs the install scripts only with unsafe-perm;
#   - node-gyp takes the headers from /usr/include/node (Debian's nodejs),
#     instead of downloading them;
#   - @vscode/ripgrep would download its binary from a code host: its cache
#     gets Debian's /usr/bin/rg, packed under the name it looks for;
#   - node-pty's build step asks npx to confirm a package: yes.
# Needs: build-essential python3 pkg-config libkrb5-dev ripgrep (apt).
#
# Usage: scripts/install-code-server.sh   (prints the code-server path last)
# Env:   STRAP_CODE_SERVER_CACHE  install folder (default ~/.cache/strap/code-server-VERSION)
set -euo pipefail

VERSION=4.100.3
RIPGREP_PACKAGE_VERSION=1.15.11          # @vscode/ripgrep that code-server 4.100.3 pulls in
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
DEST="${STRAP_CODE_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strap/code-server-$VERSION}"
BIN="$DEST/node_modules/.bin/code-server"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "$BIN"
  exit 0
fi

for tool in node npm rg cc make python3 pkg-config; do
  command -v "$tool" >/dev/null || { echo "install-code-server: $tool is missing (apt-get install build-essential python3 pkg-config libkrb5-dev ripgrep)" >&2; exit 1; }
done
[ -f /usr/include/node/node.h ] || { echo "install-code-server: /usr/include/node/node.h is missing (Debian's nodejs headers)" >&2; exit 1; }

tmp="${TMPDIR:-/tmp}"
rg_cache="$tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
if [ ! -s "$rg_cache/$RIPGREP_ASSET" ]; then
  mkdir -p "$rg_cache"
  pack="$(mktemp -d)"
  cp "$(command -v rg)" "$pack/rg"
  tar -czf "$rg_cache/$RIPGREP_ASSET" -C "$pack" rg
  rm -rf "$pack"
fi

mkdir -p "$DEST"
[ -f "$DEST/package.json" ] || echo '{ "name": "strap-code-server-cache", "private": true }' > "$DEST/package.json"
start=$(date +%s)
npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true \
  npm install --prefix "$DEST" --no-audit --no-fund --no-save --loglevel=error "code-server@$VERSION" >&2
echo "install-code-server: code-server $VERSION installed in $(( $(date +%s) - start )) s" >&2
"$BIN" --version >&2
echo "$BIN"
