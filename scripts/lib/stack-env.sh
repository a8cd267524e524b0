# Locations, versions and ports of the local stack. Sourced by scripts/stack.sh.
STACK=${SW_STACK_DIR:-$ROOT/.stack}
CACHE=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}

PROMETHEUS_PORT=${SW_PROMETHEUS_PORT:-9090}
ALERTMANAGER_PORT=${SW_ALERTMANAGER_PORT:-9093}
ES_PORT=${SW_ES_PORT:-9200}
ES_TRANSPORT_PORT=${SW_ES_TRANSPORT_PORT:-9300}
JAEGER_PORT=${SW_JAEGER_PORT:-16686}
export SW_JAEGER_PORT=$JAEGER_PORT
export SW_OTLP_GRPC_PORT=${SW_OTLP_GRPC_PORT:-4317}
export SW_OTLP_HTTP_PORT=${SW_OTLP_HTTP_PORT:-4318}
SPARK_HISTORY_PORT=${SW_SPARK_HISTORY_PORT:-18080}
KEYCLOAK_PORT=${SW_KEYCLOAK_PORT:-8180}
# How often the History Server rescans the event logs: what bounds how stale a running app's
# stages are there (README, "Spark's own record").
SPARK_HISTORY_UPDATE_INTERVAL=${SW_SPARK_HISTORY_UPDATE_INTERVAL:-5s}
# Event logs the History Server reads (the demo jobs and the seed write there).
SPARK_EVENTS_DIR=$STACK/spark/events

# The identity provider the console's OIDC sign-in and its e2e tests use (realm in deploy/keycloak).
KEYCLOAK_VERSION=26.5.6
KEYCLOAK_ARTIFACT=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip
ES_VERSION=8.19.0
ES_ARTIFACT=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip
# The Go module proxy serves Jaeger only at v1.x tags; v1.76.0 is the commit of Jaeger v2.13.0.
JAEGER_MODULE_VERSION=v1.76.0
JAEGER_VERSION=v2.13.0
# Elasticsearch refuses to run as root; when we are root it runs as this system user.
ES_USER=${SW_ES_USER:-sparkwatch}

log() { printf '  %-14s %s\n' "$1" "$2"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "need root (or sudo) to run: $*" >&2
    return 1
  fi
}

# The first of the candidate directories whose java reports this major version.
#   jdk_of <major> <candidate dir>...
jdk_of() {
  local major=$1 candidate
  shift
  for candidate in "$@"; do
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    if "$candidate/bin/java" -version 2>&1 | grep -q "version \"$major"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

java17_home() {
  jdk_of 17 "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*-17-* /usr/lib/jvm/*17* && return 0
  echo "Java 17 not found (set JAVA_HOME to a Java 17 JDK)" >&2
  return 1
}

# Keycloak 26 needs Java 21+: the Temurin 25 JDK installed beside Java 17 (found by name).
java25_home() {
  jdk_of 25 "${SW_KEYCLOAK_JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25* && return 0
  echo "Java 25 not found under /usr/lib/jvm (Keycloak $KEYCLOAK_VERSION needs it: install the Temurin 25 JDK, or set SW_KEYCLOAK_JAVA_HOME)" >&2
  return 1
}
