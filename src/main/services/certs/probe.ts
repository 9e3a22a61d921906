// What one host holds, read over SSH in one round trip: its certificate files (the kubeadm PKI,
// the kubelet's, the usual binary-install folders, and every .pem/.crt its systemd units and
// their EnvironmentFiles name), the client certificates embedded in its kubeconfigs, and what
// its API server, etcd and kubelet serve. Certificates only: a private key is read on the host,
// by openssl, only to check that it belongs to its certificate, and only "yes" or "no" comes back.
import { script, sh, type ShellCommand } from '../shell'

const MARK = '@@kubedeck '
const section = (name: string) => sh`echo ${MARK + name}`

/** Folders where certificates live on kubeadm and binary (seed notes, cfssl) installs: globs, so written as code. */
const CERT_GLOBS = sh`/etc/kubernetes/pki/*.crt /etc/kubernetes/pki/etcd/*.crt /var/lib/kubelet/pki/*.crt /var/lib/kubelet/pki/*.pem /opt/kubernetes/ssl/*.pem /opt/etcd/ssl/*.pem /etc/kubernetes/ssl/*.pem /etc/etcd/ssl/*.pem`
/** Where CA keys are kept: kubeadm's PKI, the binary layouts, and the seed notes' /root/TLS work folders. */
const CA_KEY_GLOBS = sh`/etc/kubernetes/pki/ca.key /etc/kubernetes/pki/etcd/ca.key /etc/kubernetes/pki/front-proxy-ca.key /opt/kubernetes/ssl/ca-key.pem /opt/etcd/ssl/ca-key.pem /etc/kubernetes/ssl/ca-key.pem /etc/etcd/ssl/ca-key.pem /root/TLS/ca-key.pem /root/TLS/*/ca-key.pem`
const UNITS = ['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy']
const KUBECONFIGS = ['admin', 'super-admin', 'controller-manager', 'scheduler', 'kubelet'].map((n) => `/etc/kubernetes/${n}.conf`)
/** apiserver, etcd client and peer, kubelet. */
const SERVED_PORTS = [6443, 2379, 2380, 10250]

/**
 * Prints `@@kubedeck pubkey FILE` then the public half of the key `$2` (PEM): whether it is the
 * certificate's is decided here, from public data; the private key never leaves openssl.
 */
const PUBKEY = sh`pubkey() { p=$(openssl pkey -in "$2" -pubout 2>/dev/null) && { echo ${MARK + 'pubkey'} "$1"; printf '%s\\n' "$p"; }; }`
/** The first certificate of a file, PEM as is (no process), DER through openssl. */
const PEM_OF = sh`pem() { if grep -q -e '-----BEGIN CERTIFICATE-----' "$1" 2>/dev/null; then sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$1"; else openssl x509 -inform DER -in "$1" 2>/dev/null || echo "not a certificate"; fi; }`

// One round trip, few processes (openssl starts in ~25 ms; a host has dozens of certificates):
// PEM files are read as they are, each key is read once for its public half, and the handshakes
// with the local servers run in the background while the files are read.
export const CERT_PROBE: ShellCommand = script(
  sh`export PATH="$PATH:/usr/local/bin:/usr/sbin:/sbin:/opt/etcd/bin:/opt/kubernetes/bin"`,
  sh`if ! command -v openssl >/dev/null; then ${section('no-openssl')}; exit 0; fi`,
  sh`T=$(mktemp -d); trap 'rm -rf "$T"' EXIT`,
  // What the servers present (a handshake without a client certificate still shows the server's).
  sh`for p in ${SERVED_PORTS}; do ( for a in 127.0.0.1 $(hostname -I 2>/dev/null); do c=$(timeout 3 openssl s_client -connect "$a:$p" </dev/null 2>/dev/null | sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p'); [ -n "$c" ] || continue; echo ${MARK + 'served'} "$a:$p"; printf '%s\\n' "$c"; break; done > "$T/served.$p" ) & done`,
  sh`${section('hostname')}; hostname`,
  sh`${section('layout')}`,
  sh`[ -d /etc/kubernetes/pki ] && echo kubeadm-pki; [ -f /etc/kubernetes/manifests/kube-apiserver.yaml ] && echo kubeadm-control-plane; [ -f /etc/kubernetes/kubelet.conf ] && echo kubelet`,
  PUBKEY,
  PEM_OF,
  // Units and their EnvironmentFiles: which unit names which certificate (who restarts after a renewal).
  sh`${section('units')}`,
  sh`for u in ${UNITS}; do t=$(systemctl cat "$u" 2>/dev/null) || continue; echo "unit $u"; { printf '%s\\n' "$t"; for e in $(printf '%s\\n' "$t" | sed -n 's/^EnvironmentFile=-\\{0,1\\}//p'); do cat "$e" 2>/dev/null; done; } | grep -o '/[^ ",=\\\\]*[.]\\(pem\\|crt\\)' | sort -u | sed "s|^|$u |" | tee -a "$T/named"; done`,
  sh`{ ls ${CERT_GLOBS} 2>/dev/null; cut -d' ' -f2- "$T/named" 2>/dev/null; } | grep -v -e '-key[.]pem$' -e '[.]key$' | sort -u > "$T/files"`,
  sh`while read -r f; do`,
  sh`  if [ ! -f "$f" ]; then echo ${MARK + 'absent'} "$f"; continue; fi`,
  sh`  echo ${MARK + 'cert'} "$f"; pem "$f"`,
  sh`  case "$f" in */kubelet-client-*.pem) k="$f";; *.crt) k="\${f%.crt}.key";; *.pem) k="\${f%.pem}-key.pem";; *) k=;; esac`,
  sh`  if [ -n "$k" ] && [ -r "$k" ]; then pubkey "$f" "$k"; fi`,
  sh`  [ -L "$f" ] && { echo ${MARK + 'link'} "$f"; readlink -f "$f"; }`,
  sh`done < "$T/files"`,
  // kubeconfigs of the node: the embedded client certificate (never the key), or the file it names.
  sh`for f in ${KUBECONFIGS}; do`,
  sh`  [ -f "$f" ] || continue`,
  sh`  d=$(sed -n 's/^ *client-certificate-data: *//p' "$f" | head -1)`,
  sh`  if [ -n "$d" ]; then`,
  sh`    echo ${MARK + 'kubeconfig'} "$f"; printf '%s' "$d" | base64 -d 2>/dev/null`,
  sh`    (umask 077; sed -n 's/^ *client-key-data: *//p' "$f" | head -1 | base64 -d > "$T/k" 2>/dev/null) && pubkey "$f" "$T/k"; rm -f "$T/k"`,
  sh`  else r=$(sed -n 's/^ *client-certificate: *//p' "$f" | head -1); [ -n "$r" ] && { echo ${MARK + 'kubeconfig-file'} "$f"; echo "$r"; }; fi`,
  sh`done`,
  // CA keys a renewal could sign with: only each key's public half comes back.
  sh`for k in ${CA_KEY_GLOBS} $(sed -n 's/ca[.]pem$/ca-key.pem/p; s/ca[.]crt$/ca.key/p' "$T/files"); do [ -f "$k" ] && echo "$k"; done | sort -u | while read -r k; do p=$(openssl pkey -in "$k" -pubout 2>/dev/null) && { echo ${MARK + 'cakey'} "$k"; printf '%s\\n' "$p"; }; done`,
  sh`${section('addresses')}; hostname -I 2>/dev/null`,
  sh`wait; cat "$T"/served.* 2>/dev/null`
)

/** The probe's output by section: `kind arg` → lines. A section kind may repeat (one per file). */
export interface ProbeSection {
  kind: string
  arg: string
  body: string
}

export function probeSections(text: string): ProbeSection[] {
  const out: ProbeSection[] = []
  let cur: ProbeSection | null = null
  for (const line of text.split('\n')) {
    if (line.startsWith(MARK)) {
      const rest = line.slice(MARK.length)
      const sp = rest.indexOf(' ')
      cur = { kind: sp < 0 ? rest : rest.slice(0, sp), arg: sp < 0 ? '' : rest.slice(sp + 1), body: '' }
      out.push(cur)
    } else if (cur) cur.body += line + '\n'
  }
  return out
}
