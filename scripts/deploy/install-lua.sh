#!/usr/bin/env bash
# A real Lua for the Fluent Bit filter's tests (scripts/deploy/fluent-bit.deploy.test.ts): Fluent
# Bit embeds LuaJIT, so the filter runs under Debian's luajit, with lua-cjson to hand it the JSON
# records. Debian (bookworm) packages no fluent-bit, so the configs are checked structurally.
# Idempotent and quiet when both are already installed; run by scripts/deploy/validate.sh.
set -euo pipefail
missing=()
command -v luajit >/dev/null || missing+=(luajit)
[[ -e /usr/share/lua/5.1/cjson.lua || -n $(compgen -G '/usr/lib/*/lua/5.1/cjson.so') ]] || missing+=(lua-cjson)
((${#missing[@]} == 0)) && exit 0
echo "==> installing Debian's ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || {
    echo "${missing[*]} missing and there is no sudo to install: apt-get install ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi
"${sudo[@]}" apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
