#!/usr/bin/env bash
# Builds the lab's binaries from Go modules (nothing else is downloaded, nothing is committed
# but go.mod/go.sum): Kubernetes (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubeadm, kubectl), etcd/etcdctl/etcdutl 3.6 and kwok. Module and build caches and the
# binaries live outside the repository, under $KUBEDECK_LAB_CACHE, so a warm run is instant.
# Prints the binary directory as its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
K8S_VERSION=v1.34.4
KWOK_VERSION=v0.8.0
cache=${KUBEDECK_LAB_CACHE:-/var/cache/kubedeck-lab}
export GOMODCACHE=$cache/gomod GOCACHE=$cache/gocache GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
# The binary folder is keyed by everything that decides what gets built.
key=$(cat "$0" "$here"/go/kubernetes/go.{mod,sum} "$here"/go/etcd/go.{mod,sum} | sha256sum | cut -c1-12)
bin=$cache/bin/$key
want=(kube-apiserver kube-controller-manager kube-scheduler kubeadm kubectl etcd etcdctl etcdutl kwok)
missing=0
for b in "${want[@]}"; do [ -x "$bin/$b" ] || missing=1; done
if [ $missing = 0 ]; then echo "lab binaries: cached in $bin" >&2; echo "$bin"; exit 0; fi

command -v go >/dev/null || { echo "lab build: go is not on PATH (Go 1.24+ is needed for tests/lab)" >&2; exit 1; }
mkdir -p "$bin.partial"
start=$(date +%s)
major=${K8S_VERSION#v}; major=${major%%.*}; minor=${K8S_VERSION#v*.}; minor=${minor%%.*}
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=$major -X k8s.io/client-go/pkg/version.gitMinor=$minor"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubeadm kubectl; do
  echo "lab build: $cmd $K8S_VERSION" >&2
  (cd "$here/go/kubernetes" && go build -trimpath -ldflags "$ldflags" -o "$bin.partial/$cmd" "k8s.io/kubernetes/cmd/$cmd")
done
echo "lab build: etcd, etcdctl, etcdutl" >&2
(cd "$here/go/etcd" && go build -trimpath -ldflags "-s -w" -o "$bin.partial/etcd" go.etcd.io/etcd/server/v3 \
  && go build -trimpath -ldflags "-s -w" -o "$bin.partial/etcdctl" go.etcd.io/etcd/etcdctl/v3 \
  && go build -trimpath -ldflags "-s -w" -o "$bin.partial/etcdutl" go.etcd.io/etcd/etcdutl/v3)
echo "lab build: kwok $KWOK_VERSION" >&2
GOBIN="$bin.partial" GOFLAGS= go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
# kwok's stage files (node-initialize, heartbeat, pod-ready, ...) ship in its module.
rm -rf "$bin.partial/kwok-stages"
cp -r "$GOMODCACHE/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage" "$bin.partial/kwok-stages"
chmod -R u+w "$bin.partial/kwok-stages"
rm -rf "$bin"; mv "$bin.partial" "$bin"
echo "lab build: done in $(( $(date +%s) - start ))s" >&2
echo "$bin"
