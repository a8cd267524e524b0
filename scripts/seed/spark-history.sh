#!/usr/bin/env bash
# Puts a real finished Spark app into the History Server's event-log folder: runs
# scripts/seed/spark/history_job.py once with event logs on (a local-cluster with two executor
# JVMs; cached by the job's content and the pyspark version, so later seeds only copy), then
# copies its event log into $STACK/spark/events and writes the app id to
# $STACK/seed/spark-history.json for the tests.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/stack-env.sh
source "$ROOT/scripts/lib/stack-env.sh"
# shellcheck source=../lib/stack-install.sh
source "$ROOT/scripts/lib/stack-install.sh"
mkdir -p "$STACK/logs" "$STACK/seed" "$SPARK_EVENTS_DIR"

install_spark-history
venv=$(pyspark_venv)
job=$ROOT/scripts/seed/spark/history_job.py
version=$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')
cached=$CACHE/spark-history-seed/$(sha1sum "$job" | cut -c1-12)-$version
if [[ ! -d $cached/events ]]; then
  log spark-history "running the seed's Spark job once (event log cached in $cached)"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/events"
  (
    cd "$tmp"
    bash "$ROOT/scripts/lib/spark-submit.sh" --master 'local-cluster[2,1,1024]' \
      --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$tmp/events" \
      --conf spark.sql.shuffle.partitions=4 \
      --conf spark.shuffle.spill.numElementsForceSpillThreshold=20000 \
      --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
      "$job" sparkwatch-history-seed
  ) >"$STACK/logs/spark-history-seed.log" 2>&1 \
    || { echo "the seed's Spark job failed; see $STACK/logs/spark-history-seed.log" >&2; exit 1; }
  mkdir -p "$(dirname "$cached")"
  # Another seed may have finished first: its copy is as good.
  mv -T "$tmp" "$cached" 2>/dev/null || rm -rf "$tmp"
fi
cp -r "$cached/events/." "$SPARK_EVENTS_DIR/"
app_id=$(find "$cached/events" -maxdepth 1 -name 'eventlog_v2_*' -printf '%f\n' | sed 's/^eventlog_v2_//' | head -n 1)
printf '{ "appId": "%s", "appName": "sparkwatch-history-seed" }\n' "$app_id" >"$STACK/seed/spark-history.json"
echo "spark-history: finished app $app_id in $SPARK_EVENTS_DIR"
