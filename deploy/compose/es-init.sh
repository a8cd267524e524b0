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
# SW_ES_INIT_DRY_RUN=1 prints each request instead (scripts/deploy/elasticsearch.deploy.test.ts).
set -eu
es=${ELASTICSEARCH_URL:-http://elasticsearch:9200}
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
  curl -sS -f -X PUT "$es/$1" -H 'Content-Type: application/json' --data-binary @- >/dev/null
}
sed "s/SPARK_LOGS_RETENTION/$retention/" "$dir/ilm-policy.json" | put _ilm/policy/spark-logs
put _ingest/pipeline/spark-logs <"$dir/ingest-pipeline.json"
# index-template.json less its pattern and priority is a component template of the same mappings.
sed '/^  "index_patterns":/d; /^  "priority":/d' "$dir/index-template.json" | put _component_template/spark-logs-mappings
put _index_template/spark-logs <"$dir/index-template.json"
put _index_template/spark-logs-fluentbit <"$dir/datastream-template.json"
put _index_template/sparkwatch-logs-deadletter <"$dir/deadletter-template.json"
echo "es-init: done"
