#!/usr/bin/env bash
# Checks the shipped Prometheus and Alertmanager configuration with the real tools:
# promtool check config / check rules / test rules, amtool check-config.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v promtool >/dev/null || bash scripts/stack.sh up prometheus >/dev/null
command -v amtool >/dev/null || bash scripts/stack.sh up alertmanager >/dev/null

# prometheus.yml resolves rules/ and targets/ next to itself, as it does in .stack/prometheus.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp deploy/prometheus/prometheus.yml "$work/"
ln -s "$PWD/deploy/prometheus/rules" "$work/rules"
mkdir "$work/targets"

promtool check config "$work/prometheus.yml"
promtool check rules deploy/prometheus/rules/*.yml
promtool test rules deploy/prometheus/tests/*.yml
amtool check-config deploy/alertmanager/alertmanager.yml
