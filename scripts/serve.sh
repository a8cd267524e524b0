#!/usr/bin/env bash
# Serves a production build of the console the supported way for `output: 'standalone'`: the
# build's own server.js, with the static files and public/ placed beside it as the image does.
# Binds 127.0.0.1 unless HOST says otherwise. NEXT_DIST_DIR picks the build (default .next).
# ALERTS_WEBHOOK_TOKEN and SPARKWATCH_SECRET, unless set, come from the local stack's secrets
# (scripts/lib/stack-secrets.sh), so its Alertmanager reaches the webhook.
# usage: PORT=3000 [HOST=127.0.0.1] bash scripts/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/lib/stack-env.sh
source scripts/lib/stack-secrets.sh
load_stack_secrets
dist=${NEXT_DIST_DIR:-.next}
app=$dist/standalone
if [[ ! -f $app/server.js ]]; then
  echo "serve.sh: no standalone build in $dist (run: npx next build)" >&2
  exit 1
fi
# Once per build: replicas started from one build share these files while they serve.
if ! cmp -s "$dist/BUILD_ID" "$app/.served-build"; then
  rm -rf "$app/$dist/static" "$app/public"
  cp -R "$dist/static" "$app/$dist/static"
  if [[ -d public ]]; then cp -R public "$app/public"; fi
  cp "$dist/BUILD_ID" "$app/.served-build"
fi
# Sign-in: the generated secret and admin account unless the environment sets its own.
source scripts/lib/auth-env.sh
auth_env
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
export HOSTNAME=${HOST:-127.0.0.1} PORT=${PORT:-3000}
exec node "$app/server.js"
