#!/usr/bin/env bash
# `npm run demo`: installs dependencies, starts the local stack, seeds the incident scenario and
# serves the console (production build) on http://127.0.0.1:${PORT:-3000} (HOST=0.0.0.0 to share it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-node-deps.sh
export NEXT_TELEMETRY_DISABLED=1
port=${PORT:-3000}

ensure_node_deps
bash scripts/stack.sh up
echo "==> seeding the Miaradia incident scenario"
npx tsx scripts/seed/main.ts
echo "==> building the console"
npx next build
source scripts/lib/auth-env.sh
auth_env
echo "==> Sparkwatch on http://${HOST:-127.0.0.1}:$port (Ctrl-C stops the console; npm run stack:down stops the stack)"
if [[ ${AUTH_MODE:-local} == local && -n $(auth_admin_password) ]]; then
  echo "    sign in as admin with the password: $(auth_admin_password)   (kept in .stack/auth/admin-password)"
fi
PORT=$port exec bash scripts/serve.sh
