// Aging certificates for the certificate wizard's tests: a certificate on a host re-signed by its
// own CA with the same key, subject and extensions, but validity dates of our choosing (in the
// past: expired), with `openssl ca -startdate/-enddate` as an admin would. What it replaced is
// kept beside it (`<file>.lab-orig`) so a test can put it back.
import type { LabInfo } from '../index'
import { hostRun } from './host'

export interface AgeOptions {
  cert: string
  key: string
  ca: string
  caKey: string
  /** openssl's UTC time, YYYYMMDDHHMMSSZ. */
  notBefore: string
  notAfter: string
  /** The host that keeps the CA key (default: the certificate's host). The request travels, never the key. */
  caHost?: string
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** Re-signs `cert` with the given dates; throws with openssl's message on failure. */
export async function ageCertificate(lab: Pick<LabInfo, 'instance'>, host: string, o: AgeOptions): Promise<void> {
  const req = await hostRun(lab, host, `set -eu
[ -e ${q(o.cert + '.lab-orig')} ] || cp -a ${q(o.cert)} ${q(o.cert + '.lab-orig')}
openssl x509 -x509toreq -in ${q(o.cert)} -signkey ${q(o.key)} -copy_extensions copyall 2>/dev/null | sed -n '/-----BEGIN/,/-----END/p'`, { what: `a request from ${o.cert} on ${host}` })
  const signed = await hostRun(
    lab,
    o.caHost ?? host,
    `set -eu
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cat > "$T/req.pem"
cat > "$T/ca.cnf" <<EOC
[ ca ]
default_ca = lab
[ lab ]
database = $T/index.txt
new_certs_dir = $T
serial = $T/serial
default_md = sha256
policy = any
copy_extensions = copyall
unique_subject = no
[ any ]
commonName = optional
EOC
touch "$T/index.txt"; openssl rand -hex 16 > "$T/serial"
openssl ca -batch -notext -preserveDN -config "$T/ca.cnf" -cert ${q(o.ca)} -keyfile ${q(o.caKey)} -in "$T/req.pem" -out "$T/new.pem" -startdate ${o.notBefore} -enddate ${o.notAfter} 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
cat "$T/new.pem"`,
    { input: req, what: `signing ${o.cert} with dates ${o.notBefore}–${o.notAfter}` }
  )
  await hostRun(lab, host, `cat > ${q(o.cert)}`, { input: signed, what: `writing ${o.cert} on ${host}` })
}

/** openssl's UTC time (YYYYMMDDHHMMSSZ) `days` from now (negative: in the past). */
export const opensslTime = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z')

/** Puts back what ageCertificate replaced (if it still is there). */
export async function unageCertificate(lab: Pick<LabInfo, 'instance'>, host: string, cert: string): Promise<void> {
  await hostRun(lab, host, `if [ -e ${q(cert + '.lab-orig')} ]; then cat ${q(cert + '.lab-orig')} > ${q(cert)} && rm -f ${q(cert + '.lab-orig')}; fi`, { what: `restoring ${cert} on ${host}` })
}

/** The kubeadm PKI paths of a certificate and its CA (kubeadm's names). */
export const kubeadmPki = (name: 'apiserver' | 'apiserver-kubelet-client' | 'apiserver-etcd-client' | 'etcd-server' | 'front-proxy-client') => {
  const p = '/etc/kubernetes/pki'
  const files: Record<string, [string, string]> = {
    apiserver: [`${p}/apiserver`, `${p}/ca`],
    'apiserver-kubelet-client': [`${p}/apiserver-kubelet-client`, `${p}/ca`],
    'apiserver-etcd-client': [`${p}/apiserver-etcd-client`, `${p}/etcd/ca`],
    'etcd-server': [`${p}/etcd/server`, `${p}/etcd/ca`],
    'front-proxy-client': [`${p}/front-proxy-client`, `${p}/front-proxy-ca`]
  }
  const [c, ca] = files[name]
  return { cert: `${c}.crt`, key: `${c}.key`, ca: `${ca}.crt`, caKey: `${ca}.key` }
}
