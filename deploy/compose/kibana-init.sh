#!/bin/sh
# One-shot in docker compose: imports Kibana's data view over spark-logs-* and the "Spark logs"
# saved search (deploy/kibana/saved-objects.ndjson) through the saved objects _import API, once
# Kibana is available. Idempotent (overwrite=true keeps the ids the Grafana links use).
set -eu
kibana=${KIBANA_URL:-http://kibana:5601}
file=${SW_KIBANA_OBJECTS:-/sparkwatch/kibana/saved-objects.ndjson}

echo "kibana-init: POST $kibana/api/saved_objects/_import?overwrite=true"
# Signed in as KIBANA_USERNAME (compose: elastic), given in a curl config on stdin, not in argv.
answer=$(printf 'user = "%s:%s"\n' "${KIBANA_USERNAME:-elastic}" "${KIBANA_PASSWORD:-}" |
  curl --config - -sS -f -X POST "$kibana/api/saved_objects/_import?overwrite=true" \
    -H 'kbn-xsrf: sparkwatch' --form "file=@$file;type=application/ndjson")
echo "kibana-init: $answer"
case "$answer" in
  *'"success":true'*) echo "kibana-init: done" ;;
  *) echo "kibana-init: Kibana did not import every object" >&2 && exit 1 ;;
esac
