# Playwright drives Debian's Chromium (it never downloads a browser of its own here).
# Sourced by scripts/test.sh and scripts/bench scripts.
ensure_chromium() {
  local browser=${CHROMIUM_PATH:-/usr/bin/chromium}
  [[ -x $browser ]] && return 0
  echo "==> installing Debian's chromium"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "chromium is missing and there is no sudo to install it: apt-get install chromium" >&2; return 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
}
