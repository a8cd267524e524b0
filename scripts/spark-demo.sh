#!/usr/bin/env bash
# `npm run spark:demo -- --minutes N`: runs the real Spark 4 Miaradia job (pyspark 4.0.x, a
# local-cluster with real executor JVMs) for N minutes against the local stack, with the log
# shipper alongside, then prints the app id and what landed in each backend.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/stack-env.sh
source "$ROOT/scripts/lib/stack-env.sh"

minutes=3
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    *) echo "usage: $0 [--minutes N]" >&2; exit 2 ;;
  esac
done

bash "$ROOT/scripts/stack.sh" up >/dev/null
venv=$CACHE/venv-pyspark4
if [[ ! -x $venv/bin/spark-submit ]]; then
  echo "==> installing pyspark 4.0.x into $venv (once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'pyspark==4.0.*'
fi
export JAVA_HOME
JAVA_HOME=$(java17_home)
export PATH=$venv/bin:$JAVA_HOME/bin:$PATH PYSPARK_PYTHON=$venv/bin/python

run=$STACK/spark/run-$(date +%Y%m%d%H%M%S)
mkdir -p "$run"
export SPARK_LOCAL_IP=127.0.0.1 MIARADIA_RUN_DIR=$run
# local-cluster workers run executors under <SPARK_HOME>/work/<app id>/<executor id>.
work=$("$venv/bin/python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "work"))')
export SW_PROM_TARGETS_DIR=$STACK/prometheus/targets
export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SW_OTLP_HTTP_PORT

(cd "$ROOT" && exec node --import tsx scripts/shipper/main.ts --run "$run" --work "$work") >"$run/shipper.log" 2>&1 &
shipper=$!
trap 'kill -TERM $shipper 2>/dev/null || true' EXIT

echo "==> running Miaradia for $minutes minute(s); logs in $run"
log4j=file:$ROOT/deploy/spark/log4j2.properties
"$venv/bin/spark-submit" \
  --master "${MIARADIA_MASTER:-local-cluster[2,1,1024]}" \
  --properties-file "$ROOT/deploy/spark/spark-defaults.conf" \
  --driver-java-options "-Dlog4j2.configurationFile=$log4j -Dmiaradia.logfile=$run/driver.log" \
  --conf "spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=$log4j" \
  "$ROOT/deploy/spark/miaradia.py" --minutes "$minutes" --output "$run/out" >"$run/spark-submit.log" 2>&1 \
  || { echo "the Spark job failed; see $run/spark-submit.log and $run/driver.log" >&2; exit 1; }

kill -TERM $shipper 2>/dev/null || true
wait $shipper || true
trap - EXIT
app=$(<"$run/app-id")
echo "app id: $app"
grep "shipper:" "$run/shipper.log" | tail -n 1 || true
curl -s "http://127.0.0.1:$ES_PORT/spark-logs-*/_count?q=appId:$app" | node -pe '"elasticsearch: " + JSON.parse(require("fs").readFileSync(0)).count + " log lines"'
curl -s "http://127.0.0.1:$JAEGER_PORT/api/traces?service=miaradia-streaming&limit=1000&lookback=1h&tags=%7B%22spark.app.id%22%3A%22$app%22%7D" |
  node -pe '"jaeger: " + JSON.parse(require("fs").readFileSync(0)).data.length + " batch traces"'
echo "$run" >"$STACK/spark/last-run"
