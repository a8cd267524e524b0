# Sign-in settings of the demo and the tests (sourced by scripts/serve.sh): generates, once, a
# SPARKWATCH_SECRET and a local `admin` account into <stack dir>/auth (scripts/lib/auth-env.ts)
# and exports them unless the environment already sets them.
#   auth_env   # in the repository root
auth_env() {
  local stack=${SW_STACK_DIR:-$PWD/.stack}
  [[ -f $stack/auth/env ]] || node --conditions=react-server --import tsx scripts/lib/auth-env.ts "$stack" || return 1
  local SW_GENERATED_SECRET SW_GENERATED_USERS
  # shellcheck source=/dev/null
  source "$stack/auth/env"
  export SPARKWATCH_SECRET=${SPARKWATCH_SECRET:-$SW_GENERATED_SECRET}
  export AUTH_LOCAL_USERS=${AUTH_LOCAL_USERS:-$SW_GENERATED_USERS}
}

# The generated admin password (empty when none was generated).
auth_admin_password() {
  cat "${SW_STACK_DIR:-$PWD/.stack}/auth/admin-password" 2>/dev/null
}
