#!/bin/sh
# Grafana in docker compose: renders the generated dashboards (deploy/grafana/dashboards, made by
# `npm run gen:grafana` with the local stack's link URLs) with the URLs a browser reaches the
# console, Jaeger UI and Kibana at, then starts Grafana, which provisions them and the data sources
# (deploy/grafana/provisioning). `--render-only` stops after rendering
# (scripts/deploy/compose.deploy.test.ts checks the result).
set -eu
src=${SW_GRAFANA_SRC:-/etc/sparkwatch/grafana/dashboards}
out=${SW_GRAFANA_DASHBOARDS:-/var/lib/grafana/sparkwatch-dashboards}

# A URL goes into a JSON string and a sed replacement: refuse what would break either.
url() {
  case "$2" in
    http://* | https://*) ;;
    *) echo "grafana-entrypoint: $1 must be an http(s) URL, not '$2'" >&2 && exit 1 ;;
  esac
  case "$2" in
    *'"'* | *'\'* | *'#'* | *'&'* | *' '*)
      echo "grafana-entrypoint: $1 may not hold quotes, backslashes, #, & or spaces" >&2 && exit 1
      ;;
  esac
  printf '%s' "${2%/}"
}
console=$(url CONSOLE_PUBLIC_URL "${CONSOLE_PUBLIC_URL:-http://localhost:3000}")
jaeger=$(url JAEGER_PUBLIC_URL "${JAEGER_PUBLIC_URL:-http://localhost:16686}")
kibana=$(url KIBANA_PUBLIC_URL "${KIBANA_PUBLIC_URL:-http://localhost:5601}")

mkdir -p "$out"
for file in "$src"/*.json; do
  name=$(basename "$file")
  # The generated files hold the local defaults of LOCAL_LINK_BASES (grafana-dashboards.ts).
  sed -e "s#http://localhost:3000#$console#g" -e "s#http://localhost:16686#$jaeger#g" \
    -e "s#http://localhost:5601#$kibana#g" \
    "$file" >"$out/$name.tmp"
  mv "$out/$name.tmp" "$out/$name"
done
export SW_GRAFANA_DASHBOARDS="$out"

if [ "${1:-}" = "--render-only" ]; then
  exit 0
fi
exec /run.sh "$@"
