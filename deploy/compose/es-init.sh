#!/bin/sh
# One-shot in docker compose: installs, before Fluent Bit ships the first line (idempotent):
# - the spark-logs ILM policy: rollover daily (or at 10 GB), delete after $SPARK_LOGS_RETENTION
#   (default 7d);
# - the spark-logs-* mappings as a component template (from index-template.json), the daily-index
#   template spark-logs (what the local shipper and other shippers write) and the data stream
#   template spark-logs-fluentbit (what Fluent Bit writes: ILM, and a failure store that keeps
#   the documents Elasticsearch refuses — its dead letters);
# - the dead-letter template of the local shipper, and the spark-logs ingest pipeline for other
#   shippers that send raw Spark JSON lines with ?pipeline=spark-logs.
# With ELASTICSEARCH_PASSWORD (the `elastic` user's; compose runs Elasticsearch with security on)
# it authenticates, and also makes the accounts of the stack:
# - role sparkwatch-console (read spark-logs-*, read / write the console's own sparkwatch-*
#   indices, cluster monitor for its health probe) and an API key limited to it, written to
#   $SW_CONSOLE_API_KEY_FILE for the console (kept while it still authenticates);
# - role and user sparkwatch_shipper (FLUENT_BIT_ES_PASSWORD) that may only add documents to
#   Fluent Bit's data stream;
# - role sparkwatch-reader and user sparkwatch_grafana (GRAFANA_ES_PASSWORD) that may only read
#   spark-logs-*, for Grafana's data source;
# - the password of Kibana's kibana_system user (KIBANA_SYSTEM_PASSWORD).
# SW_ES_INIT_DRY_RUN=1 prints each request instead (scripts/deploy/elasticsearch.deploy.test.ts).
set -eu
es=${ELASTICSEARCH_URL:-http://elasticsearch:9200}
auth=
if [ -n "${ELASTICSEARCH_PASSWORD:-}" ]; then
  auth="${ELASTICSEARCH_USERNAME:-elastic}:$ELASTICSEARCH_PASSWORD"
  # Each goes into a JSON string or a curl config: refuse what would break either.
  for name in ELASTICSEARCH_PASSWORD FLUENT_BIT_ES_PASSWORD GRAFANA_ES_PASSWORD KIBANA_SYSTEM_PASSWORD; do
    value=$(printenv "$name" || true)
    [ -n "$value" ] || { echo "es-init: $name is not set (see .env.example)" >&2 && exit 1; }
    case "$value" in
      *'"'* | *'\'*) echo "es-init: $name may not hold quotes or backslashes" >&2 && exit 1 ;;
    esac
  done
fi
# curl with the credentials, if any, read from a config on stdin-free fd (never on the command line).
es_curl() {
  if [ -n "$auth" ]; then
    printf 'user = "%s"\n' "$auth" | curl --config - "$@"
  else
    curl "$@"
  fi
}
dir=${SW_ELASTICSEARCH_DIR:-/sparkwatch/elasticsearch}
retention=${SPARK_LOGS_RETENTION:-7d}
number=${retention%?}
case "$number:${retention#"$number"}" in
  '':* | *[!0-9]*:* | *:[!smhd] | *:)
    echo "es-init: SPARK_LOGS_RETENTION must be a number and a unit (s, m, h, d), like 7d; not '$retention'" >&2
    exit 2
    ;;
esac

# PUT the body on stdin.
put() {
  echo "es-init: PUT $1"
  if [ -n "${SW_ES_INIT_DRY_RUN:-}" ]; then
    cat
    echo
    return
  fi
  body=$(cat)
  es_curl -sS -f -X PUT "$es/$1" -H 'Content-Type: application/json' --data-binary "$body" >/dev/null
}
sed "s/SPARK_LOGS_RETENTION/$retention/" "$dir/ilm-policy.json" | put _ilm/policy/spark-logs
put _ingest/pipeline/spark-logs <"$dir/ingest-pipeline.json"
# index-template.json less its pattern and priority is a component template of the same mappings.
sed '/^  "index_patterns":/d; /^  "priority":/d' "$dir/index-template.json" | put _component_template/spark-logs-mappings
put _index_template/spark-logs <"$dir/index-template.json"
put _index_template/spark-logs-fluentbit <"$dir/datastream-template.json"
put _index_template/sparkwatch-logs-deadletter <"$dir/deadletter-template.json"

if [ -n "$auth" ]; then
  console_role='{"cluster":["monitor"],"indices":[{"names":["spark-logs-*"],"privileges":["read","view_index_metadata"]},{"names":["sparkwatch-*"],"privileges":["read","write","create_index","view_index_metadata"]}]}'
  echo "$console_role" | put _security/role/sparkwatch-console
  echo '{"indices":[{"names":["spark-logs-fluentbit*"],"privileges":["create_doc","create_index","auto_configure","view_index_metadata"]}]}' |
    put _security/role/sparkwatch-shipper
  printf '{"password":"%s","roles":["sparkwatch-shipper"]}' "$FLUENT_BIT_ES_PASSWORD" |
    put _security/user/sparkwatch_shipper
  echo '{"cluster":["monitor"],"indices":[{"names":["spark-logs-*"],"privileges":["read","view_index_metadata"]}]}' |
    put _security/role/sparkwatch-reader
  printf '{"password":"%s","roles":["sparkwatch-reader"]}' "$GRAFANA_ES_PASSWORD" |
    put _security/user/sparkwatch_grafana
  printf '{"password":"%s"}' "$KIBANA_SYSTEM_PASSWORD" | put _security/user/kibana_system/_password

  key_file=${SW_CONSOLE_API_KEY_FILE:-/sparkwatch/credentials/console-es-api-key}
  if [ -n "${SW_ES_INIT_DRY_RUN:-}" ]; then
    printf '{"name":"sparkwatch-console","role_descriptors":{"sparkwatch-console":%s}}' "$console_role" |
      put _security/api_key
  elif [ -s "$key_file" ] && printf 'header = "Authorization: ApiKey %s"\n' "$(cat "$key_file")" |
    curl --config - -sS -f -o /dev/null "$es/_security/_authenticate"; then
    echo "es-init: the console's API key in $key_file still authenticates"
  else
    echo "es-init: PUT _security/api_key (the console's, into $key_file)"
    answer=$(printf '{"name":"sparkwatch-console","role_descriptors":{"sparkwatch-console":%s}}' "$console_role" |
      es_curl -sS -f -X PUT "$es/_security/api_key" -H 'Content-Type: application/json' --data-binary @-)
    key=$(printf '%s' "$answer" | sed -n 's/.*"encoded":"\([^"]*\)".*/\1/p')
    [ -n "$key" ] || { echo "es-init: no API key in Elasticsearch's answer" >&2 && exit 1; }
    mkdir -p "$(dirname "$key_file")"
    # The console (another uid) reads it from a volume only the two of them mount.
    (umask 022 && printf '%s' "$key" >"$key_file.tmp" && mv "$key_file.tmp" "$key_file")
  fi
fi
echo "es-init: done"
