# Installs the npm dependencies when node_modules is missing or older than the lock file.
# Sourced by scripts/test.sh and scripts/demo.sh.
ensure_node_deps() {
  local stamp=node_modules/.package-lock.json
  if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
    echo "==> npm ci"
    npm ci --no-audit --no-fund
  fi
}
