#!/bin/sh
# One-shot in docker compose: installs the spark-logs-* index template and the spark-logs ingest
# pipeline (deploy/elasticsearch/) before Fluent Bit ships the first line. Idempotent. Fluent Bit
# enriches lines itself (its Lua filter); the pipeline gives the same fields to any other shipper
# that sends raw Spark JSON lines with ?pipeline=spark-logs.
set -eu
es=${ELASTICSEARCH_URL:-http://elasticsearch:9200}
dir=${SW_ELASTICSEARCH_DIR:-/sparkwatch/elasticsearch}

put() {
  echo "es-init: PUT $1"
  curl -sS -f -X PUT "$es/$1" -H 'Content-Type: application/json' --data-binary "@$2" >/dev/null
}
put _ingest/pipeline/spark-logs "$dir/ingest-pipeline.json"
put _index_template/spark-logs "$dir/index-template.json"
echo "es-init: done"
