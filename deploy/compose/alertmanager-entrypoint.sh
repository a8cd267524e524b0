#!/bin/sh
# Alertmanager in docker compose: fills deploy/alertmanager/alertmanager.compose.yml from the
# environment (Slack, e-mail and PagerDuty settings from .env) and writes the console's webhook
# token (ALERTS_WEBHOOK_TOKEN) beside it, then starts Alertmanager.
# Every ${NAME} in the template must be set (an empty value is allowed only for SMTP_AUTH_*);
# values are written inside single-quoted YAML strings, so a quote in a value is doubled.
# `--render-only` stops after rendering (the deploy tests check the result with amtool).
set -eu
src=${SW_ALERTMANAGER_SRC:-/etc/sparkwatch/alertmanager}
out=${SW_ALERTMANAGER_RENDERED:-/alertmanager/config}

mkdir -p "$out"
content=$(cat "$src/alertmanager.compose.yml")
for name in $(grep -v '^ *#' "$src/alertmanager.compose.yml" | grep -o '\${[A-Z0-9_]*}' | tr -d '${}' | sort -u); do
  if ! value=$(printenv "$name"); then
    echo "alertmanager: $name is not set (copy .env.example to .env and fill it in)" >&2
    exit 1
  fi
  case $name in
    SMTP_AUTH_*) ;;
    *) [ -n "$value" ] || { echo "alertmanager: $name is empty (see .env.example)" >&2; exit 1; } ;;
  esac
  escaped=$(printf '%s' "$value" | sed -e "s/'/''/g" -e 's/[\\&#]/\\&/g')
  content=$(printf '%s\n' "$content" | sed "s#\${$name}#$escaped#g")
done
printf '%s\n' "$content" >"$out/alertmanager.yml"
# The bearer token the console's webhook requires, read by Alertmanager on each notification.
if [ -z "${ALERTS_WEBHOOK_TOKEN:-}" ]; then
  echo "alertmanager: ALERTS_WEBHOOK_TOKEN is not set (see .env.example)" >&2
  exit 1
fi
(umask 077 && printf '%s' "$ALERTS_WEBHOOK_TOKEN" >"$out/webhook-token")
ln -sfn "$src/templates" "$out/templates"

if [ "${1:-}" = "--render-only" ]; then
  exit 0
fi
exec /bin/alertmanager \
  --config.file="$out/alertmanager.yml" \
  --storage.path=/alertmanager \
  --web.external-url="${ALERTMANAGER_EXTERNAL_URL:-http://localhost:9093}" \
  "$@"
