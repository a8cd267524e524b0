#!/usr/bin/env bash
# Builds the Sparkwatch Spark plugin (deploy/spark/plugin) with Maven into the cache, keyed by a
# hash of the module's sources: ~/.cache/sparkwatch/plugin-<hash>.jar. A second call with the same
# sources is free. Prints the jar's path on stdout (Maven's output goes to stderr).
#   bash scripts/lib/build-plugin.sh          or   source it and call build_plugin
build_plugin() {
  local root cache module hash jar work
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  cache=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}
  module=$root/deploy/spark/plugin
  # Paths relative to the module, so two checkouts of the same sources share one jar.
  hash=$(cd "$module" && find pom.xml src -type f | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -c1-12)
  jar=$cache/plugin-$hash.jar
  if [[ ! -f $jar ]]; then
    command -v mvn >/dev/null || { echo "build_plugin: Maven (mvn) is needed" >&2; return 1; }
    mkdir -p "$cache"
    # A private copy: two checkouts building at once never share a target/ directory.
    work=$(mktemp -d)
    cp -r "$module/pom.xml" "$module/src" "$work/"
    echo "==> building the Sparkwatch Spark plugin (once per source change)" >&2
    if ! (cd "$work" && mvn -q -B package -DskipTests >&2); then
      rm -rf "$work"
      echo "build_plugin: the Maven build failed" >&2
      return 1
    fi
    mv "$work"/target/sparkwatch-spark-plugin-*[0-9].jar "$jar.tmp.$$"
    mv "$jar.tmp.$$" "$jar"
    rm -rf "$work"
  fi
  echo "$jar"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  build_plugin
fi
