#!/bin/sh
# Prometheus in docker compose: renders the project's one Prometheus config
# (deploy/prometheus/prometheus.yml, written for the native stack on 127.0.0.1) for the compose
# network — Alertmanager's address and the console URL the alerts link to — then starts Prometheus.
# `--render-only` stops after rendering (scripts/deploy/compose.deploy.test.ts checks the result
# with promtool).
set -eu
src=${SW_PROMETHEUS_SRC:-/etc/sparkwatch/prometheus}
targets=${SW_PROMETHEUS_TARGETS:-/etc/sparkwatch/targets}
out=${SW_PROMETHEUS_RENDERED:-/prometheus/config}

mkdir -p "$out"
sed -e "s#127\.0\.0\.1:9093#${ALERTMANAGER_TARGET:-alertmanager:9093}#g" \
  -e "s#^\(    console_url:\).*#\1 ${CONSOLE_PUBLIC_URL:-http://localhost:3000}#" \
  "$src/prometheus.yml" >"$out/prometheus.yml.tmp"
mv "$out/prometheus.yml.tmp" "$out/prometheus.yml"
# rule_files and file_sd paths are relative to the config file.
ln -sfn "$src/rules" "$out/rules"
ln -sfn "$targets" "$out/targets"

if [ "${1:-}" = "--render-only" ]; then
  exit 0
fi
exec /bin/prometheus \
  --config.file="$out/prometheus.yml" \
  --storage.tsdb.path=/prometheus \
  --storage.tsdb.retention.time="${PROMETHEUS_RETENTION:-7d}" \
  "$@"
