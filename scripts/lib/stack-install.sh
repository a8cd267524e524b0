# Installers of the stack's programs; each does nothing when its program is already there.
# Sourced by scripts/stack.sh.

APT_UPDATED=no
apt_install() {
  if [[ $APT_UPDATED == no ]]; then
    log apt "updating package lists"
    as_root apt-get update -q >"$STACK/logs/apt.log" 2>&1
    APT_UPDATED=yes
  fi
  log apt "installing $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "$@" >>"$STACK/logs/apt.log" 2>&1 \
    || { echo "apt-get install $* failed; see $STACK/logs/apt.log" >&2; return 1; }
}

install_prometheus() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null || apt_install prometheus
}

install_alertmanager() {
  command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null || apt_install prometheus-alertmanager
}

# Where Elasticsearch's program lives. As root it must be readable by $ES_USER, which root's
# home usually is not, so it goes to /opt; otherwise into the cache.
es_home() {
  if [[ $(id -u) -eq 0 ]]; then echo "/opt/sparkwatch/elasticsearch-$ES_VERSION"; else echo "$CACHE/elasticsearch-$ES_VERSION"; fi
}

install_elasticsearch() {
  local home zip
  home=$(es_home)
  [[ -x $home/bin/elasticsearch ]] && return 0
  command -v unzip >/dev/null || apt_install unzip
  zip=$CACHE/downloads/elasticsearch-$ES_VERSION.zip
  if [[ ! -s $zip ]]; then
    log elasticsearch "downloading $ES_ARTIFACT (about 97 MB)"
    mkdir -p "$CACHE/downloads"
    mvn -q -B dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$CACHE/downloads" -Dmdep.stripVersion=false \
      >"$STACK/logs/maven-elasticsearch.log" 2>&1 \
      || { echo "downloading Elasticsearch failed; see $STACK/logs/maven-elasticsearch.log" >&2; return 1; }
  fi
  log elasticsearch "unpacking into $home"
  local tmp
  tmp=$(mktemp -d)
  unzip -q "$zip" -d "$tmp"
  mkdir -p "$(dirname "$home")"
  rm -rf "$home"
  mv "$tmp/elasticsearch-$ES_VERSION" "$home"
  rmdir "$tmp"
  chmod -R a+rX "$home"
}

ensure_es_user() {
  [[ $(id -u) -eq 0 ]] || return 0
  id -u "$ES_USER" >/dev/null 2>&1 && return 0
  log elasticsearch "creating system user $ES_USER (Elasticsearch refuses to run as root)"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
}

jaeger_binary() { echo "$CACHE/jaeger/jaeger-$JAEGER_VERSION"; }

install_jaeger() {
  local bin src dir
  bin=$(jaeger_binary)
  [[ -x $bin ]] && return 0
  command -v go >/dev/null || { echo "Go is needed to build Jaeger" >&2; return 1; }
  log jaeger "building $JAEGER_VERSION from github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION (a few minutes, once)"
  dir=$(cd /tmp && go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')
  # `go install …@version` refuses the module's replace directives: build inside a writable copy.
  src=$CACHE/jaeger/src-$JAEGER_MODULE_VERSION
  if [[ ! -f $src/go.mod ]]; then
    mkdir -p "$src"
    cp -r "$dir/." "$src/"
    chmod -R u+w "$src"
  fi
  (cd "$src" && go build -o "$bin.tmp" \
    -ldflags "-X github.com/jaegertracing/jaeger/internal/version.latestVersion=$JAEGER_VERSION" ./cmd/jaeger) \
    >"$STACK/logs/jaeger-build.log" 2>&1 || { echo "building Jaeger failed; see $STACK/logs/jaeger-build.log" >&2; return 1; }
  mv "$bin.tmp" "$bin"
}

# pyspark 4.0.x in a cached virtualenv (shared with scripts/spark-demo.sh and the seed).
pyspark_venv() { echo "$CACHE/venv-pyspark4"; }

install_spark-history() {
  local venv
  venv=$(pyspark_venv)
  [[ -x $venv/bin/spark-submit ]] && return 0
  command -v python3 >/dev/null || apt_install python3
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  log spark-history "installing pyspark 4.0.x into $venv (once, about 320 MB)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'pyspark==4.0.*' >"$STACK/logs/pip-pyspark.log" 2>&1 \
    || { echo "installing pyspark failed; see $STACK/logs/pip-pyspark.log" >&2; return 1; }
}

# The pyspark package directory: a Spark distribution (jars/, sbin/), SPARK_HOME for its scripts.
pyspark_home() {
  "$(pyspark_venv)/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}

# Keycloak's Quarkus distribution from Maven Central, kept zipped in the cache; each stack unpacks
# its own copy (start_keycloak), so stacks never share Keycloak's data or build state.
keycloak_zip() { echo "$CACHE/downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"; }

install_keycloak() {
  local zip
  zip=$(keycloak_zip)
  java25_home >/dev/null || return 1
  [[ -s $zip ]] && return 0
  command -v unzip >/dev/null || apt_install unzip
  log keycloak "downloading $KEYCLOAK_ARTIFACT (about 180 MB)"
  mkdir -p "$CACHE/downloads"
  mvn -q -B dependency:copy -Dartifact="$KEYCLOAK_ARTIFACT" -DoutputDirectory="$CACHE/downloads" \
    >"$STACK/logs/maven-keycloak.log" 2>&1 \
    || { echo "downloading Keycloak failed; see $STACK/logs/maven-keycloak.log" >&2; return 1; }
}
