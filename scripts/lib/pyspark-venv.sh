#!/usr/bin/env bash
# The pyspark 4.0.x virtualenv of the demo jobs and tests, installed once into the cache.
#   bash scripts/lib/pyspark-venv.sh   prints its directory;   or source it and call pyspark_venv
pyspark_venv() {
  local cache venv
  cache=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}
  venv=$cache/venv-pyspark4
  if [[ ! -x $venv/bin/spark-submit ]]; then
    echo "==> installing pyspark 4.0.x into $venv (once)" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q 'pyspark==4.0.*' >&2
  fi
  echo "$venv"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  pyspark_venv
fi
