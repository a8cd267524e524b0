# Starting, stopping and describing the stack's processes. Sourced by scripts/stack.sh.

pid_file() { echo "$STACK/run/$1.pid"; }

# A marker that must appear in the process's command line, so a recycled pid is never mistaken
# for ours.
cmd_marker() {
  case $1 in
    prometheus) echo "--storage.tsdb.path=$STACK/prometheus/data" ;;
    alertmanager) echo "--storage.path=$STACK/alertmanager/data" ;;
    elasticsearch) echo "org.elasticsearch" ;;
    jaeger) echo "$ROOT/deploy/jaeger/config.yaml" ;;
    spark-history) echo "-Dspark.history.fs.logDirectory=file://$SPARK_EVENTS_DIR " ;;
    keycloak) echo "$(keycloak_home)" ;;
  esac
}

running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' </proc/"$pid"/cmdline | grep -qF -- "$(cmd_marker "$1")" || return 1
  echo "$pid"
}

url_of() {
  case $1 in
    prometheus) echo "http://127.0.0.1:$PROMETHEUS_PORT" ;;
    alertmanager) echo "http://127.0.0.1:$ALERTMANAGER_PORT" ;;
    elasticsearch) echo "http://127.0.0.1:$ES_PORT" ;;
    jaeger) echo "http://127.0.0.1:$JAEGER_PORT" ;;
    spark-history) echo "http://127.0.0.1:$SPARK_HISTORY_PORT" ;;
    keycloak) echo "http://127.0.0.1:$KEYCLOAK_PORT" ;;
  esac
}

health_path() {
  case $1 in
    prometheus | alertmanager) echo "/-/ready" ;;
    elasticsearch) echo "/_cluster/health?wait_for_status=yellow&timeout=1s" ;;
    jaeger) echo "/api/services" ;;
    spark-history) echo "/api/v1/version" ;;
    keycloak) echo "/realms/sparkwatch/.well-known/openid-configuration" ;;
  esac
}

healthy() { curl -sf -m 3 -o /dev/null "$(url_of "$1")$(health_path "$1")"; }

spawn() {
  local name=$1
  shift
  setsid nohup "$@" >>"$STACK/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

start_prometheus() {
  local dir=$STACK/prometheus
  mkdir -p "$dir/data" "$dir/targets"
  # Rules and the relabelling come from deploy/prometheus; only ports are local.
  sed -e "s/127\.0\.0\.1:9090/127.0.0.1:$PROMETHEUS_PORT/" -e "s/127\.0\.0\.1:9093/127.0.0.1:$ALERTMANAGER_PORT/" \
    "$ROOT/deploy/prometheus/prometheus.yml" >"$dir/prometheus.yml"
  ln -sfn "$ROOT/deploy/prometheus/rules" "$dir/rules"
  spawn prometheus prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-remote-write-receiver \
    --storage.tsdb.retention.time=7d
}

start_alertmanager() {
  local dir=$STACK/alertmanager
  mkdir -p "$dir/data"
  # The config names the webhook token by a path relative to its own folder: copy it beside one.
  ensure_stack_secrets
  cp "$ROOT/deploy/alertmanager/alertmanager.yml" "$dir/alertmanager.yml"
  ln -sfn "$STACK/secrets/webhook-token" "$dir/webhook-token"
  spawn alertmanager prometheus-alertmanager --config.file="$dir/alertmanager.yml" \
    --storage.path="$dir/data" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address=
}

# As root, Elasticsearch's data must live where $ES_USER can reach it; root's home usually is not,
# so the data sits under /var/lib/sparkwatch and .stack/elasticsearch links to it.
es_dir() {
  if [[ $(id -u) -eq 0 ]]; then
    echo "/var/lib/sparkwatch/$(printf '%s' "$STACK" | sha1sum | cut -c1-12)/elasticsearch"
  else
    echo "$STACK/elasticsearch"
  fi
}

start_elasticsearch() {
  local home dir java
  home=$(es_home)
  dir=$(es_dir)
  java=$(java17_home)
  ensure_es_user
  mkdir -p "$dir/data" "$dir/logs" "$dir/config"
  [[ $dir == "$STACK/elasticsearch" ]] || ln -sfn "$dir" "$STACK/elasticsearch"
  cp "$home/config/log4j2.properties" "$dir/config/"
  # The server runs in its home (read-only for $ES_USER), so relative log and dump paths move here.
  sed -e "s#logs/#$dir/logs/#g" -e "s#HeapDumpPath=data#HeapDumpPath=$dir/data#" \
    "$home/config/jvm.options" >"$dir/config/jvm.options"
  [[ -d $dir/config/jvm.options.d ]] || mkdir -p "$dir/config/jvm.options.d"
  {
    cat "$ROOT/deploy/elasticsearch/elasticsearch.yml"
    echo "path.data: $dir/data"
    echo "path.logs: $dir/logs"
    echo "http.port: $ES_PORT"
    echo "transport.port: $ES_TRANSPORT_PORT"
  } >"$dir/config/elasticsearch.yml"
  rm -f "$dir/es.pid"
  local run=()
  if [[ $(id -u) -eq 0 ]]; then
    chown -R "$ES_USER" "$dir"
    run=(runuser -u "$ES_USER" --)
  fi
  # -d returns once the node has started (or failed); -p writes the JVM's pid.
  (cd "$dir" && "${run[@]}" env ES_JAVA_HOME="$java" ES_PATH_CONF="$dir/config" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
    "$home/bin/elasticsearch" -d -p "$dir/es.pid" >>"$STACK/logs/elasticsearch.log" 2>&1) \
    || { echo "Elasticsearch failed to start; see $STACK/logs/elasticsearch.log and $dir/logs" >&2; return 1; }
  cp "$dir/es.pid" "$(pid_file elasticsearch)"
}

start_jaeger() {
  # Jaeger traces its own queries by default, into the same in-memory store: every console or
  # benchmark call added a trace of service "jaeger", and every search got slower with them
  # (25,000 after an hour of benchmarks; 29 → 35 ms of Jaeger CPU per timeline search).
  spawn jaeger env OTEL_TRACES_SAMPLER=always_off "$(jaeger_binary)" --config "$ROOT/deploy/jaeger/config.yaml"
}

# Spark's History Server from the pyspark package (its sbin scripts, SPARK_HOME = the package),
# bound to 127.0.0.1 (SPARK_LOCAL_IP), reading the event logs under $SPARK_EVENTS_DIR.
start_spark-history() {
  local home run_dir=$STACK/run/spark-history
  home=$(pyspark_home)
  mkdir -p "$SPARK_EVENTS_DIR" "$run_dir" "$STACK/logs/spark-history"
  rm -f "$run_dir"/*.pid
  env JAVA_HOME="$(java17_home)" SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 \
    SPARK_PID_DIR="$run_dir" SPARK_LOG_DIR="$STACK/logs/spark-history" \
    SPARK_HISTORY_OPTS="-Dspark.history.fs.logDirectory=file://$SPARK_EVENTS_DIR -Dspark.history.ui.port=$SPARK_HISTORY_PORT -Dspark.history.fs.update.interval=$SPARK_HISTORY_UPDATE_INTERVAL ${SW_SPARK_HISTORY_EXTRA_OPTS:-}" \
    bash "$home/sbin/start-history-server.sh" >>"$STACK/logs/spark-history.log" 2>&1 \
    || { echo "the History Server failed to start; see $STACK/logs/spark-history" >&2; return 1; }
  # spark-daemon.sh writes the JVM's pid under its own name; stack.sh keeps one file per service.
  cat "$run_dir"/*.pid >"$(pid_file spark-history)"
}

keycloak_home() { echo "$STACK/keycloak/keycloak-$KEYCLOAK_VERSION"; }

# Keycloak in development mode on 127.0.0.1 (plain http, an in-memory database): the realm of
# deploy/keycloak is imported at every start, so its state is always the file's.
start_keycloak() {
  local home java
  home=$(keycloak_home)
  java=$(java25_home)
  if [[ ! -x $home/bin/kc.sh ]]; then
    log keycloak "unpacking into $home"
    rm -rf "$home"
    mkdir -p "$STACK/keycloak"
    unzip -q "$(keycloak_zip)" -d "$STACK/keycloak"
  fi
  mkdir -p "$home/data/import"
  cp "$ROOT/deploy/keycloak/sparkwatch-realm.json" "$home/data/import/"
  spawn keycloak env JAVA_HOME="$java" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    "$home/bin/kc.sh" start-dev --http-port="$KEYCLOAK_PORT" --http-host=127.0.0.1 \
    --db=dev-mem --import-realm --health-enabled=false
}

start_service() {
  local pid
  if pid=$(running_pid "$1"); then
    log "$1" "already running (pid $pid)"
    return 0
  fi
  log "$1" "starting"
  "start_$1"
}

wait_healthy() {
  local name=$1 limit=90 waited=0
  [[ $name == elasticsearch ]] && limit=180
  # Keycloak's first start unpacks and builds itself: 100 s here on a busy machine.
  [[ $name == keycloak ]] && limit=300
  until healthy "$name"; do
    if ! running_pid "$name" >/dev/null; then
      echo "$name exited while starting; last lines of $STACK/logs/$name.log:" >&2
      tail -n 20 "$STACK/logs/$name.log" >&2 || true
      return 1
    fi
    if ((waited >= limit)); then
      echo "$name not healthy after ${limit} s; see $STACK/logs/$name.log" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

version_of() {
  local url
  url=$(url_of "$1")
  case $1 in
    prometheus) curl -sf -m 3 "$url/api/v1/status/buildinfo" | node -pe 'JSON.parse(require("fs").readFileSync(0)).data.version' ;;
    alertmanager) curl -sf -m 3 "$url/api/v2/status" | node -pe 'JSON.parse(require("fs").readFileSync(0)).versionInfo.version' ;;
    elasticsearch) curl -sf -m 3 "$url/_nodes/_local/_none" | node -pe 'Object.values(JSON.parse(require("fs").readFileSync(0)).nodes)[0].version' ;;
    jaeger) curl -sf -m 3 "$url/" | sed -n 's/.*JAEGER_VERSION *= *{[^}]*"gitVersion":"\([^"]*\)".*/\1/p' | head -n 1 ;;
    spark-history) curl -sf -m 3 "$url/api/v1/version" | node -pe 'JSON.parse(require("fs").readFileSync(0)).spark' ;;
    keycloak) echo "$KEYCLOAK_VERSION" ;;
  esac
}

describe_service() {
  local pid state version=""
  if pid=$(running_pid "$1"); then
    if healthy "$1"; then
      state=healthy
      version=$(version_of "$1" 2>/dev/null || true)
    else
      state=unhealthy
    fi
  else
    pid=-
    state=stopped
  fi
  printf '  %-14s %-10s pid %-8s %-26s %s\n' "$1" "$state" "$pid" "$(url_of "$1")" "${version:+version $version}"
  [[ $state == healthy ]]
}

stop_service() {
  local pid waited=0
  if ! pid=$(running_pid "$1"); then
    rm -f "$(pid_file "$1")"
    log "$1" "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while [[ -d /proc/$pid ]] && ((waited < 30)); do
    sleep 0.5
    waited=$((waited + 1))
  done
  if [[ -d /proc/$pid ]]; then
    kill -KILL "$pid" 2>/dev/null || true
    log "$1" "killed (pid $pid did not stop in 15 s)"
  else
    log "$1" "stopped"
  fi
  rm -f "$(pid_file "$1")"
}

stop_seed_exporter() {
  local file=$STACK/run/seed-exporter.pid pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | grep -q 'seed/exporter.ts'; then
    kill -TERM "$pid" 2>/dev/null || true
    log seed-exporter "stopped"
  fi
  rm -f "$file" "$STACK/prometheus/targets/seed-miaradia.json"
}
