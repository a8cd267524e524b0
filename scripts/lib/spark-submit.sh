#!/usr/bin/env bash
# spark-submit of the cached pyspark 4.0.x virtualenv (installed once) with Java 17, bound to
# 127.0.0.1. Arguments go to spark-submit. For the seed and the tests that run real Spark apps.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=stack-env.sh
source "$ROOT/scripts/lib/stack-env.sh"
# shellcheck source=stack-install.sh
source "$ROOT/scripts/lib/stack-install.sh"
mkdir -p "$STACK/logs"
install_spark-history
venv=$(pyspark_venv)
JAVA_HOME=$(java17_home)
export JAVA_HOME SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=$venv/bin/python
exec "$venv/bin/spark-submit" "$@"
