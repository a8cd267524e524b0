#!/usr/bin/env bash
# `npm run validate:deploy`: installs the real validators (once, into the cache) and runs the
# deploy tests (`*.deploy.test.ts`): the compose file against the Compose specification's schema,
# the Kubernetes manifests with kubeconform, Prometheus / Alertmanager configs with promtool and
# amtool, the Fluent Bit Lua filter with a real Lua, and the standalone console build.
# Extra arguments go to Vitest (scripts/test.sh passes its reporters).
set -euo pipefail
cd "$(dirname "$0")/../.."
for installer in scripts/deploy/install-*.sh; do
  bash "$installer"
done
exec npx vitest run --project deploy "$@"
