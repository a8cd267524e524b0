#!/usr/bin/env bash
# Installs the Compose specification's JSON schema (compose-spec.json, as shipped in the
# compose-go module that Docker Compose itself validates with) into the deploy tools' cache.
# The Go module proxy is the source: GitHub is not reachable from every machine we build on.
set -euo pipefail
cache=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}
version=v2.10.0
dest=$cache/deploy-tools/compose-spec-$version.json
[[ -s $dest ]] && exit 0

command -v go >/dev/null || { echo "install-compose-schema: Go is needed to fetch compose-go from the module proxy" >&2; exit 1; }
echo "==> fetching the Compose specification schema (compose-go $version)"
mkdir -p "$(dirname "$dest")"
dir=$(cd "$(mktemp -d)" && GOFLAGS=-mod=mod go mod download -json "github.com/compose-spec/compose-go/v2@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -s $dir/schema/compose-spec.json ]] || { echo "install-compose-schema: no schema/compose-spec.json in $dir" >&2; exit 1; }
cp "$dir/schema/compose-spec.json" "$dest.tmp"
mv "$dest.tmp" "$dest"
