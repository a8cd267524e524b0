#!/usr/bin/env bash
# The local observability stack as native processes on 127.0.0.1 (no Docker engine needed):
#   prometheus, alertmanager (Debian packages), elasticsearch (8.19 zip from Maven Central, Java 17),
#   jaeger (v2.13 built from its Go module), spark-history (Spark's History Server from the pyspark
#   package, reading .stack/spark/events), keycloak (26.5 zip from Maven Central, Java 25, the
#   realm of deploy/keycloak: the OIDC provider of the console's sign-in and its e2e tests).
# Usage: scripts/stack.sh up|down|status [service...]
# `up` installs what is missing, starts what is not running and waits until each is healthy;
# it is idempotent. `down` stops only the processes this script started (pid files in .stack/run).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/stack-env.sh
source "$ROOT/scripts/lib/stack-env.sh"
# shellcheck source=lib/stack-install.sh
source "$ROOT/scripts/lib/stack-install.sh"
# shellcheck source=lib/stack-services.sh
source "$ROOT/scripts/lib/stack-services.sh"
# shellcheck source=lib/stack-secrets.sh
source "$ROOT/scripts/lib/stack-secrets.sh"

ALL=(prometheus alertmanager elasticsearch jaeger spark-history keycloak)

usage() {
  echo "usage: $0 up|down|status [${ALL[*]}]" >&2
  exit 2
}

main() {
  local action=${1:-}
  shift || true
  local services=("$@")
  ((${#services[@]})) || services=("${ALL[@]}")
  for s in "${services[@]}"; do
    [[ " ${ALL[*]} " == *" $s "* ]] || { echo "unknown service: $s" >&2; usage; }
  done
  case $action in
    up)
      mkdir -p "$STACK/run" "$STACK/logs"
      local started=$SECONDS
      command -v curl >/dev/null || apt_install curl
      for s in "${services[@]}"; do "install_$s"; done
      for s in "${services[@]}"; do start_service "$s"; done
      for s in "${services[@]}"; do wait_healthy "$s"; done
      echo
      for s in "${services[@]}"; do describe_service "$s"; done
      echo "stack up in $((SECONDS - started)) s (data in $STACK, logs in $STACK/logs)"
      ;;
    down)
      for s in "${services[@]}"; do stop_service "$s"; done
      # The seed's live exporter (scripts/seed) belongs to the stack's demo data: stop it with the stack.
      ((${#@})) || stop_seed_exporter
      ;;
    status)
      local rc=0
      for s in "${services[@]}"; do describe_service "$s" || rc=1; done
      return $rc
      ;;
    *) usage ;;
  esac
}

main "$@"
