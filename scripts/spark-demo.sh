#!/usr/bin/env bash
# `npm run spark:demo -- --minutes N [--kafka]`: runs the real Spark 4 Miaradia job (pyspark 4.0.x,
# a local-cluster with real executor JVMs) for N minutes against the local stack, with the log
# shipper alongside, then the revenue-nightly batch job (deploy/spark/revenue.py) twice — the second
# run with a changed setting and a hot key, for the run-to-run comparison — and prints each app id
# and what landed in each backend. Both jobs are observed by configuration only: the
# Sparkwatch Spark plugin (built into the cache by scripts/lib/build-plugin.sh), JSON logs, metrics
# and event logs (for the History Server, in $STACK/spark/events).
# Rides come from the job's built-in generator and averages go to Parquet; with --kafka, a Kafka
# 4.1 broker (KRaft, from Maven Central jars) and the rides producer run for the job's lifetime, the
# job reads the `rides` topic with Spark's Kafka source and writes a Delta Lake table — the compose
# setup, on this machine. The Miaradia driver also runs the OpenTelemetry Java agent (optional, as in
# the README: its own spans under the service miaradia-streaming-agent); --no-otel-agent leaves it out.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/stack-env.sh
source "$ROOT/scripts/lib/stack-env.sh"

minutes=3
kafka=no
agent=yes
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --kafka) kafka=yes; shift ;;
    --no-otel-agent) agent=no; shift ;;
    *) echo "usage: $0 [--minutes N] [--kafka] [--no-otel-agent]" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib/stack-services.sh
source "$ROOT/scripts/lib/stack-services.sh"
# A stack already answering on these ports (started from another checkout, say) is used as it is.
for service in prometheus alertmanager elasticsearch jaeger; do
  healthy "$service" || { bash "$ROOT/scripts/stack.sh" up >/dev/null; break; }
done
# shellcheck source=lib/pyspark-venv.sh
source "$ROOT/scripts/lib/pyspark-venv.sh"
venv=$(pyspark_venv)
export JAVA_HOME
JAVA_HOME=$(java17_home)
export PATH=$venv/bin:$JAVA_HOME/bin:$PATH PYSPARK_PYTHON=$venv/bin/python

run=$STACK/spark/run-$(date +%Y%m%d%H%M%S)
mkdir -p "$run"
export SPARK_LOCAL_IP=127.0.0.1 MIARADIA_RUN_DIR=$run
# local-cluster workers run executors under <SPARK_HOME>/work/<app id>/<executor id>.
work=$("$venv/bin/python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "work"))')
export SW_PROM_TARGETS_DIR=${SW_PROM_TARGETS_DIR:-$STACK/prometheus/targets}
export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SW_OTLP_HTTP_PORT

# How any Spark app attaches to Sparkwatch (README, "Connect your Spark app"): the defaults file
# (metrics, JSON logging, spark.plugins, the log4j2 context injector), the plugin jar on both class
# paths (the injector is chosen at JVM start) and in spark.jars, event logs, and the directory where
# the plugin registers the driver with Prometheus (file_sd).
# shellcheck source=lib/build-plugin.sh
source "$ROOT/scripts/lib/build-plugin.sh"
plugin_jar=$(build_plugin)
events=$STACK/spark/events
mkdir -p "$events"
log4j=file:$ROOT/deploy/spark/log4j2.properties
observed=(--properties-file "$ROOT/deploy/spark/spark-defaults.conf"
  --conf "spark.driver.extraClassPath=$plugin_jar"
  --conf "spark.executor.extraClassPath=$plugin_jar"
  --conf "spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=$log4j"
  --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$events"
  --conf "spark.sparkwatch.prometheus.targetsDir=$SW_PROM_TARGETS_DIR"
  --conf spark.sparkwatch.prometheus.targetHost=127.0.0.1)
jars=("$plugin_jar")

children=()
stop_children() {
  local pid
  # A negative pid is a process group (the producer: a shell loop piped into a JVM).
  for pid in "${children[@]}"; do kill -TERM -- "$pid" 2>/dev/null || true; done
}
trap stop_children EXIT

extra=()
if [[ $kafka == yes ]]; then
  source "$ROOT/scripts/lib/maven-jars.sh"
  kafka_lib=$CACHE/kafka-4.1.0
  maven_jars "$kafka_lib" org.apache.kafka:kafka_2.13:4.1.0 org.apache.kafka:kafka-tools:4.1.0 org.slf4j:slf4j-simple:1.7.36
  spark_lib=$CACHE/spark-connectors-4.0.0
  maven_jars "$spark_lib" org.apache.spark:spark-sql-kafka-0-10_2.13:4.0.0 io.delta:delta-spark_2.13:4.0.0
  kafka_port=${SW_KAFKA_PORT:-9092}
  kafka_dir=$run/kafka
  mkdir -p "$kafka_dir/data"
  cat >"$kafka_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${SW_KAFKA_CONTROLLER_PORT:-9095}
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:${SW_KAFKA_CONTROLLER_PORT:-9095}
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$kafka_dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
num.partitions=2
PROPS
  "$JAVA_HOME/bin/java" -cp "$kafka_lib/*" kafka.tools.StorageTool format --standalone \
    -t "$("$JAVA_HOME/bin/java" -cp "$kafka_lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)" \
    -c "$kafka_dir/server.properties" >"$kafka_dir/format.log" 2>&1
  "$JAVA_HOME/bin/java" -Xmx512m -cp "$kafka_lib/*" kafka.Kafka "$kafka_dir/server.properties" >"$kafka_dir/kafka.log" 2>&1 &
  children+=($!)
  for _ in $(seq 60); do
    (exec 3<>"/dev/tcp/127.0.0.1/$kafka_port") 2>/dev/null && break
    sleep 0.5
  done
  printf '#!/bin/sh\nexec "%s" -cp "%s/*" org.apache.kafka.tools.ConsoleProducer "$@"\n' "$JAVA_HOME/bin/java" "$kafka_lib" >"$kafka_dir/console-producer"
  chmod +x "$kafka_dir/console-producer"
  KAFKA_BOOTSTRAP=127.0.0.1:$kafka_port KAFKA_CONSOLE_PRODUCER=$kafka_dir/console-producer \
    setsid sh "$ROOT/deploy/kafka/produce-rides.sh" >"$kafka_dir/producer.log" 2>&1 &
  children+=("-$!")
  echo "==> Kafka 4.1 on 127.0.0.1:$kafka_port with the rides producer; sink: Delta Lake"
  # The connectors' own jars: what pyspark already ships (Scala, Hadoop client, …) stays out.
  for jar in "$spark_lib"/*.jar; do
    base=$(basename "$jar" | sed 's/-[0-9][0-9.]*[^-]*\.jar$//')
    compgen -G "$venv/lib/python3*/site-packages/pyspark/jars/$base-[0-9]*.jar" >/dev/null || jars+=("$jar")
  done
  extra=(--conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension
    --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog)
  export MIARADIA_KAFKA_BOOTSTRAP=127.0.0.1:$kafka_port MIARADIA_SINK=delta
fi

agent_opts=
if [[ $agent == yes ]]; then
  # shellcheck source=lib/otel-agent.sh
  source "$ROOT/scripts/lib/otel-agent.sh"
  agent_opts=$(otel_agent_opts miaradia-streaming "$OTEL_EXPORTER_OTLP_ENDPOINT")
fi

(cd "$ROOT" && exec node --import tsx scripts/shipper/main.ts --run "$run" --work "$work") >"$run/shipper.log" 2>&1 &
shipper=$!
children+=($shipper)

echo "==> running Miaradia for $minutes minute(s); logs in $run"
"$venv/bin/spark-submit" \
  --master "${MIARADIA_MASTER:-local-cluster[2,1,1024]}" \
  "${observed[@]}" --jars "$(IFS=,; echo "${jars[*]}")" \
  --driver-java-options "-Dlog4j2.configurationFile=$log4j -Dmiaradia.logfile=$run/driver.log $agent_opts" \
  "${extra[@]}" \
  "$ROOT/deploy/spark/miaradia.py" --minutes "$minutes" --output "$run/out" >"$run/spark-submit.log" 2>&1 \
  || { echo "the Spark job failed; see $run/spark-submit.log and $run/driver.log" >&2; exit 1; }

kill -TERM $shipper 2>/dev/null || true
wait $shipper || true

# The nightly batch job, twice, on a generated rides table kept between runs (deterministic): the
# second run with another shuffle partitioning and a hot key (most rides moved to one city), so a
# run-to-run comparison has a real regressed, skewed stage. Its app id comes from its own log (the
# plugin's injector puts it on every driver line), for the shipper.
run_revenue() { # <dir> <spark-submit and revenue.py args…>
  local dir=$1 shipper_pid
  shift
  mkdir -p "$dir"
  (cd "$ROOT" && MIARADIA_APP_NAME=revenue-nightly exec node --import tsx scripts/shipper/main.ts --run "$dir" --work "$work") >"$dir/shipper.log" 2>&1 &
  shipper_pid=$!
  children+=($shipper_pid)
  local confs=() args=()
  while (($#)) && [[ $1 != -- ]]; do confs+=("$1"); shift; done
  (($#)) && shift
  args=("$@")
  "$venv/bin/spark-submit" \
    --master "${MIARADIA_MASTER:-local-cluster[2,1,1024]}" \
    "${observed[@]}" --jars "$plugin_jar" \
    --name revenue-nightly --conf spark.metrics.namespace=revenue_nightly \
    "${confs[@]}" \
    --driver-java-options "-Dlog4j2.configurationFile=$log4j -Dmiaradia.logfile=$dir/driver.log" \
    "$ROOT/deploy/spark/revenue.py" --rides "$STACK/spark/rides" --output "$dir/out" "${args[@]}" >"$dir/spark-submit.log" 2>&1 \
    || { echo "the revenue job failed; see $dir/spark-submit.log and $dir/driver.log" >&2; exit 1; }
  grep -o -m 1 '"appId":"[^"]*"' "$dir/driver.log" | cut -d'"' -f4 >"$dir/app-id"
  kill -TERM "$shipper_pid" 2>/dev/null || true
  wait "$shipper_pid" || true
}
revenue=$run/revenue
echo "==> running revenue-nightly; logs in $revenue"
run_revenue "$revenue" --conf spark.sql.shuffle.partitions=8 --
revenue_hot=$run/revenue-hot
echo "==> running revenue-nightly again with spark.sql.shuffle.partitions=16 and a hot key; logs in $revenue_hot"
run_revenue "$revenue_hot" --conf spark.sql.shuffle.partitions=16 -- --hot-city Toamasina
stop_children
trap - EXIT

jaeger_traces() {
  # Jaeger's /api/traces wants the window as start / end in µs (it ignores lookback).
  local end=$(($(date +%s) * 1000000))
  curl -s "http://127.0.0.1:$JAEGER_PORT/api/traces?service=$1&limit=1000&start=$((end - 3600000000))&end=$end&tags=%7B%22spark.app.id%22%3A%22$2%22%7D" |
    node -pe 'JSON.parse(require("fs").readFileSync(0)).data.length'
}
for dir in "$run" "$revenue" "$revenue_hot"; do
  app=$(<"$dir/app-id")
  name=$([[ $dir == "$run" ]] && echo miaradia-streaming || echo revenue-nightly)
  logs=$(curl -s "http://127.0.0.1:$ES_PORT/spark-logs-*/_count?q=appId:$app" | node -pe 'JSON.parse(require("fs").readFileSync(0)).count')
  echo "$name: app id $app, elasticsearch $logs log lines, jaeger $(jaeger_traces "$name" "$app") traces; $(grep "shipper:" "$dir/shipper.log" | tail -n 1 || true)"
done
echo "$run" >"$STACK/spark/last-run"
