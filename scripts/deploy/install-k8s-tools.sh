#!/usr/bin/env bash
# Installs what scripts/deploy/k8s.deploy.test.ts validates deploy/k8s with, into the deploy tools'
# cache (toolsDir() of scripts/deploy/tools.ts), never into the repository:
#   bin/kustomize, bin/kubeconform   built with `go install` from the Go module proxy
#   k8s-schemas/*.json               strict, standalone JSON schemas for kubeconform, made by
#                                    scripts/deploy/k8s-schemas.ts from the Kubernetes OpenAPI
#                                    (k8s.io/kubernetes) and the Prometheus Operator's CRDs
# Everything comes through the Go module proxy: GitHub is not reachable from every machine we
# build on. Idempotent: a stamp of the versions (and of the converter) skips what is installed.
# Run by scripts/deploy/validate.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${SPARKWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkwatch}
tools=$cache/deploy-tools
# kustomize v5.8.3 needs Go 1.27; v5.8.2 builds with Go 1.24 and later.
kustomize_version=v5.8.2
kubeconform_version=v0.7.0
kubernetes_version=v1.34.2
operator_version=v0.85.0

converter=$(sha256sum scripts/deploy/k8s-schemas.ts | cut -c1-16)
stamp_file=$tools/k8s-tools.stamp
stamp="kustomize=$kustomize_version kubeconform=$kubeconform_version kubernetes=$kubernetes_version prometheus-operator=$operator_version converter=$converter"
if [[ -x $tools/bin/kustomize && -x $tools/bin/kubeconform && -s $tools/k8s-schemas/deployment-apps-v1.json &&
  -s $stamp_file && $(<"$stamp_file") == "$stamp" ]]; then
  exit 0
fi

command -v go >/dev/null || { echo "install-k8s-tools: Go is needed to fetch from the module proxy" >&2; exit 1; }
mkdir -p "$tools/bin"
# Inside the cache, so the finished schemas move into place with one rename.
scratch=$(mktemp -d "$tools/.install-k8s.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# Outside any module, so `go install pkg@version` and `go mod download` use the pinned versions only.
cd_scratch() { (cd "$scratch" && GOFLAGS=-mod=mod "$@"); }

module_version() { go version -m "$tools/bin/$1" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'; }

if [[ $(module_version kustomize) != "$kustomize_version" ]]; then
  echo "==> building kustomize $kustomize_version"
  cd_scratch env GOBIN="$tools/bin" go install "sigs.k8s.io/kustomize/kustomize/v5@$kustomize_version"
fi
if [[ $(module_version kubeconform) != "$kubeconform_version" ]]; then
  echo "==> building kubeconform $kubeconform_version"
  cd_scratch env GOBIN="$tools/bin" go install "github.com/yannh/kubeconform/cmd/kubeconform@$kubeconform_version"
fi

module_dir() {
  cd_scratch go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}
echo "==> JSON schemas of Kubernetes $kubernetes_version and the Prometheus Operator $operator_version"
kubernetes_dir=$(module_dir "k8s.io/kubernetes@$kubernetes_version")
operator_dir=$(module_dir "github.com/prometheus-operator/prometheus-operator@$operator_version")
[[ -s $kubernetes_dir/api/openapi-spec/swagger.json ]] ||
  { echo "install-k8s-tools: no api/openapi-spec/swagger.json in '$kubernetes_dir'" >&2; exit 1; }
[[ -d $operator_dir/example/prometheus-operator-crd ]] ||
  { echo "install-k8s-tools: no example/prometheus-operator-crd in '$operator_dir'" >&2; exit 1; }
npx --no-install tsx scripts/deploy/k8s-schemas.ts \
  --kubernetes "$kubernetes_dir" --operator "$operator_dir" --out "$scratch/k8s-schemas"
rm -rf "$tools/k8s-schemas"
mv "$scratch/k8s-schemas" "$tools/k8s-schemas"
echo "$stamp" >"$stamp_file"
