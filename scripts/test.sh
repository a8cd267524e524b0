#!/usr/bin/env bash
# `npm test`: installs what the tests need, starts the local stack (real Prometheus, Alertmanager,
# Elasticsearch, Jaeger), seeds it, then runs static checks, unit, integration and end-to-end tests.
# Every stage runs even if an earlier test stage failed, so one run reports everything.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-node-deps.sh
source scripts/lib/ensure-chromium.sh
export NEXT_TELEMETRY_DISABLED=1

reports=.stack/test-reports
failed=()
stage() {
  local name=$1
  shift
  echo
  echo "==> $name"
  local started=$SECONDS
  if "$@"; then
    echo "<== $name: ok ($((SECONDS - started)) s)"
  else
    echo "<== $name: FAILED ($((SECONDS - started)) s)"
    failed+=("$name")
  fi
}
fatal() {
  echo "test.sh: $1 failed; cannot run the tests without it" >&2
  exit 1
}

ensure_node_deps || fatal "npm ci"
ensure_chromium || fatal "installing chromium"
mkdir -p "$reports"
rm -f "$reports"/*.json

stack_was_up=$(bash scripts/stack.sh status >/dev/null 2>&1 && echo yes || echo no)
if [[ ${CI:-} == true || $stack_was_up == no ]]; then
  trap 'echo; echo "==> stopping the stack this run started"; npx tsx scripts/seed/main.ts --stop >/dev/null 2>&1; bash scripts/stack.sh down' EXIT
fi

stage "static checks (format, lint, types)" bash -c 'npx prettier --check . && npx eslint . && npx tsc --noEmit'
stage "unit tests" npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json"
bash scripts/stack.sh up || fatal "stack:up"
stage "Prometheus config, rules and rule tests (promtool)" bash scripts/promtool-check.sh
stage "seed the incident scenario" npx tsx scripts/seed/main.ts
# Before the integration tests: scripts/deploy/grafana.int.test.ts follows links into this build.
stage "production build" npx next build
stage "integration tests (real stack)" npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$reports/integration.json"
stage "deploy validation (compose, Kubernetes, Fluent Bit, Alertmanager, standalone build)" bash scripts/deploy/validate.sh --reporter=default --reporter=json --outputFile.json="$reports/deploy.json"
stage "end-to-end tests (Chromium)" env PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" npx playwright test --reporter=list,json

echo
node scripts/lib/test-summary.mjs "$reports" "${#failed[@]}"
if ((${#failed[@]})); then
  printf 'failed stages: %s\n' "${failed[*]}"
  exit 1
fi
