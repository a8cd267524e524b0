# The OpenTelemetry Java agent (optional, README "Connect your Spark app"), fetched once from Maven
# Central into the cache. Sourced by scripts/spark-demo.sh.
#   otel_agent_jar   prints the path of the agent jar
#   otel_agent_opts <service name> <OTLP HTTP endpoint>   prints the driver's JVM options for it
OTEL_AGENT_VERSION=2.33.1

otel_agent_jar() {
  local dir=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}/otel-javaagent-$OTEL_AGENT_VERSION
  local jar=$dir/opentelemetry-javaagent-$OTEL_AGENT_VERSION.jar
  if [[ ! -s $jar ]]; then
    command -v mvn >/dev/null || { echo "otel_agent_jar: Maven (mvn) is needed" >&2; return 1; }
    echo "==> fetching the OpenTelemetry Java agent $OTEL_AGENT_VERSION from Maven Central (once)" >&2
    mkdir -p "$dir"
    mvn -q -B dependency:copy \
      -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_AGENT_VERSION" \
      -DoutputDirectory="$dir" >&2 || return 1
  fi
  echo "$jar"
}

# Traces only (metrics and logs have their own paths in Sparkwatch), over OTLP/HTTP, under a
# service of its own so its spans never pass for the plugin's; the resource names the app.
otel_agent_opts() {
  local service=$1 endpoint=$2 jar
  jar=$(otel_agent_jar) || return 1
  echo "-javaagent:$jar -Dotel.service.name=$service-agent -Dotel.resource.attributes=spark.app.name=$service" \
    "-Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint=$endpoint" \
    "-Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
}
