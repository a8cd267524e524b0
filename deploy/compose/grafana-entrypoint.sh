#!/bin/sh
# Grafana in docker compose: renders the generated dashboards (deploy/grafana/dashboards, made by
# `npm run gen:grafana` with the local stack's link URLs) with the URLs a browser reaches the
# console, Jaeger UI and Kibana at, then starts Grafana, which provisions them and the data sources
# (deploy/grafana/provisioning). With ELASTICSEARCH_GRAFANA_USER set (compose's Elasticsearch
# runs with security on), the provisioning is copied with basic auth added to the Elasticsearch
# data source — as ${...} references Grafana fills from its environment, so no password is
# written. `--render-only` stops after rendering (scripts/deploy/compose.deploy.test.ts and
# grafana.deploy.test.ts check the result).
set -eu
src=${SW_GRAFANA_SRC:-/etc/sparkwatch/grafana/dashboards}
out=${SW_GRAFANA_DASHBOARDS:-/var/lib/grafana/sparkwatch-dashboards}
provisioning_src=${SW_GRAFANA_PROVISIONING_SRC:-/etc/grafana/provisioning}
provisioning_out=${SW_GRAFANA_PROVISIONING:-/var/lib/grafana/sparkwatch-provisioning}

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

if [ -n "${ELASTICSEARCH_GRAFANA_USER:-}" ]; then
  rm -rf "$provisioning_out"
  mkdir -p "$provisioning_out"
  cp -R "$provisioning_src"/. "$provisioning_out"/
  file=$provisioning_out/datasources/sparkwatch.yaml
  grep -q '^    type: elasticsearch$' "$file" ||
    { echo "grafana-entrypoint: no Elasticsearch data source in $file" >&2 && exit 1; }
  awk '{ print }
    /^    type: elasticsearch$/ {
      print "    basicAuth: true"
      print "    basicAuthUser: ${ELASTICSEARCH_GRAFANA_USER}"
      print "    secureJsonData:"
      print "      basicAuthPassword: ${ELASTICSEARCH_GRAFANA_PASSWORD}"
    }' "$file" >"$file.tmp"
  mv "$file.tmp" "$file"
  export GF_PATHS_PROVISIONING="$provisioning_out"
fi

if [ "${1:-}" = "--render-only" ]; then
  exit 0
fi
exec /run.sh "$@"
