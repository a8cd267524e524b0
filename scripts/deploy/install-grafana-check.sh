#!/usr/bin/env bash
# Builds scripts/deploy/grafana-check (a strict decoder of Grafana dashboard JSON on the Grafana
# Foundation SDK's Go types, pinned in its go.mod) into the deploy tools' cache as
# bin/grafana-dashboard-check. The SDK comes through the Go module proxy. Idempotent: a stamp of the
# checker's sources skips a build that is already there. Run by scripts/deploy/validate.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}
bin=$cache/deploy-tools/bin/grafana-dashboard-check
stamp_file=$cache/deploy-tools/grafana-check.stamp
stamp=$(cat scripts/deploy/grafana-check/{go.mod,go.sum,main.go} | sha256sum | cut -c1-16)
if [[ -x $bin && -s $stamp_file && $(<"$stamp_file") == "$stamp" ]]; then
  exit 0
fi

command -v go >/dev/null || { echo "install-grafana-check: Go is needed to fetch from the module proxy" >&2; exit 1; }
echo "==> building grafana-dashboard-check (Grafana Foundation SDK, Go)"
mkdir -p "$(dirname "$bin")"
(cd scripts/deploy/grafana-check && go build -o "$bin.tmp" .)
mv "$bin.tmp" "$bin"
echo "$stamp" >"$stamp_file"
