// Cluster and user entries as the window may see them: where they point and how a user
// authenticates, never a token, password or key (those are only ever written, from a field the
// person typed into, and stay in main).
import type { ClusterView, UserView } from '../../../shared/model/kubeconfig'
import type { KObject } from './schema'

const str = (v: unknown) => (typeof v === 'string' ? v : '')

export function clusterView(name: string, file: string, c: KObject, usedBy: number): ClusterView {
  return {
    name,
    file,
    server: str(c.server),
    certificateAuthority: str(c['certificate-authority']),
    caEmbedded: str(c['certificate-authority-data']) !== '',
    insecure: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str(c['tls-server-name']),
    proxyUrl: str(c['proxy-url']),
    usedBy
  }
}

export function userView(name: string, file: string, u: KObject, usedBy: number): UserView {
  const exec = u.exec as KObject | null | undefined
  const hasToken = str(u.token) !== '' || str(u.tokenFile) !== ''
  const hasCert = str(u['client-certificate']) !== '' || str(u['client-certificate-data']) !== ''
  const auth: UserView['auth'] = exec
    ? 'exec'
    : hasCert
      ? 'client-certificate'
      : hasToken
        ? 'token'
        : str(u.username) !== ''
          ? 'basic'
          : u['auth-provider']
            ? 'auth-provider'
            : 'none'
  return {
    name,
    file,
    auth,
    hasToken,
    clientCertificate: str(u['client-certificate']),
    clientKey: str(u['client-key']),
    certEmbedded: str(u['client-certificate-data']) !== '',
    execCommand: exec ? str(exec.command) : '',
    execArgs: exec && Array.isArray(exec.args) ? (exec.args as unknown[]).map(String) : [],
    usedBy
  }
}
