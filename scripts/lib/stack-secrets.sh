# Secrets the local stack and the console share, kept in $STACK/secrets (mode 700, files 600):
# the webhook's bearer token (ALERTS_WEBHOOK_TOKEN, which Alertmanager sends) and the key that
# signs log cursors (SPARKWATCH_SECRET). Each is generated once and reused.
# Sourced after stack-env.sh (needs $STACK).
#   ensure_stack_secrets  (stack up) a variable set in the environment is written to its file,
#                         so the stack's Alertmanager sends what the console expects
#   load_stack_secrets    (serving the console) exports each variable that is not set from its file

random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# usage: stack_secret write|load <file name> <variable> <random bytes>
stack_secret() {
  local mode=$1 file=$STACK/secrets/$2 name=$3
  mkdir -p "$STACK/secrets"
  chmod 700 "$STACK/secrets"
  if [[ -n ${!name:-} ]]; then
    [[ $mode == write ]] || return 0
    [[ -f $file && $(<"$file") == "${!name}" ]] || (umask 077 && printf '%s' "${!name}" >"$file")
  elif [[ ! -s $file ]]; then
    (umask 077 && random_hex "$4" >"$file")
  fi
  export "$name=$(<"$file")"
}

ensure_stack_secrets() {
  stack_secret write webhook-token ALERTS_WEBHOOK_TOKEN 32
  stack_secret write sparkwatch-secret SPARKWATCH_SECRET 32
}

load_stack_secrets() {
  stack_secret load webhook-token ALERTS_WEBHOOK_TOKEN 32
  stack_secret load sparkwatch-secret SPARKWATCH_SECRET 32
}
