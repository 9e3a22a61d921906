#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (as root): OpenSSH's sshd
# for the lab's node hosts, Debian's etcd 3.4 beside the lab's 3.6, Chromium for the e2e tests,
# Xvfb, iproute2 (network namespaces), openssl, sudo (the lab's hosts use the real one; the
# SSH tests drive its password prompt), bubblewrap (the sandbox the hostile-input test runs plan
# scripts in), and CJK fonts for the 简体中文 screenshots.
# kubectl (the oracle), Go and Node come with the machine; this checks they are there.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then echo "install-test-deps: run as root (apt-get and the lab's network namespaces need it)" >&2; exit 1; fi
packages=(openssh-server openssh-client etcd-server etcd-client chromium xvfb iproute2 openssl sudo procps psmisc fonts-noto-cjk ca-certificates bubblewrap)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Debian starts etcd and sshd as services on install; the lab runs its own, so keep them stopped.
for svc in etcd ssh; do (systemctl stop "$svc" || service "$svc" stop) >/dev/null 2>&1 || true; done
pkill -x etcd 2>/dev/null || true
for tool in kubectl go node npm ssh ssh-keygen sshd etcd etcdctl chromium ip openssl sudo Xvfb bwrap; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "install-test-deps: $tool is missing after install" >&2; exit 1; }
done
echo "install-test-deps: ok"
