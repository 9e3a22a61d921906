// A ready @kubernetes/client-node KubeConfig for one context, with that context's own auth as
// kubectl would use it: certificates and keys (embedded or files relative to the defining
// kubeconfig), bearer token or token file, basic auth, proxy-url, TLS server name, and exec
// credential plugins run on the login shell's PATH. Credentials from exec plugins are cached
// until shortly before they expire; callers ask for a KubeConfig per operation.
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { KubeConfig } from '@kubernetes/client-node'
import { clientNode } from '../kube'
import { AppError } from '../../../shared/errors'
import type { ContextResolution, LocatedValue } from './diagnostics'
import { runExecPlugin, type ExecCredential } from './exec-credentials'
import { execCommandIsPath, resolveRef } from './paths'
import { canonicalBase64, type KObject } from './schema'
import { t } from '../../../shared/error-messages'

const REFRESH_BEFORE_MS = 60_000

export class ClientFactory {
  private readonly credentials = new Map<string, ExecCredential>()

  constructor(
    private readonly loginPath: () => Promise<string>,
    private readonly env: NodeJS.ProcessEnv
  ) {}

  async build(r: ContextResolution): Promise<KubeConfig> {
    const ctx = r.context
    if (!r.cluster) {
      throw new AppError({ code: 'kubeconfig.cluster-missing', message: t`context "${ctx.name}" uses cluster "${ctx.value.cluster}", which no kubeconfig defines`, file: ctx.file })
    }
    const c = r.cluster.value
    const cluster = {
      name: r.cluster.name,
      server: c.server as string,
      caData: (await this.data(r.cluster, 'certificate-authority', 'certificate-authority-data')) || undefined,
      skipTLSVerify: c['insecure-skip-tls-verify'] === true,
      tlsServerName: (c['tls-server-name'] as string) || undefined,
      proxyUrl: (c['proxy-url'] as string) || undefined
    }
    const user = r.user ? await this.user(r.user, c) : { name: '' }
    // Loaded on first use: the library is large, and listing or switching contexts never needs it.
    const { KubeConfig } = await clientNode()
    const kc = new KubeConfig()
    kc.loadFromOptions({
      clusters: [cluster],
      users: [user],
      contexts: [{ name: ctx.name, cluster: cluster.name, user: user.name, namespace: (ctx.value.namespace as string) || undefined }],
      currentContext: ctx.name
    })
    return kc
  }

  private async user(u: LocatedValue, cluster: KObject): Promise<Record<string, unknown>> {
    const v = u.value
    const out: Record<string, unknown> = { name: u.name }
    const cert = await this.data(u, 'client-certificate', 'client-certificate-data')
    const key = await this.data(u, 'client-key', 'client-key-data')
    if (cert) out.certData = cert
    if (key) out.keyData = key
    if (v.token) out.token = v.token
    else if (v.tokenFile) out.token = (await this.read(u, 'tokenFile')).toString('utf8').trim()
    if (v.username) out.username = v.username
    if (v.password) out.password = v.password
    if (v.as) out.impersonateUser = v.as
    if (v['auth-provider']) out.authProvider = structuredClone(v['auth-provider'])
    const exec = v.exec as KObject | null
    if (exec) {
      const cred = await this.execCredential(u, exec, cluster)
      if (cred.token) out.token = cred.token
      if (cred.clientCertificateData) out.certData = Buffer.from(cred.clientCertificateData).toString('base64')
      if (cred.clientKeyData) out.keyData = Buffer.from(cred.clientKeyData).toString('base64')
    }
    return out
  }

  private async execCredential(u: LocatedValue, exec: KObject, cluster: KObject): Promise<ExecCredential> {
    const command = exec.command as string
    const resolvedExec = execCommandIsPath(command) ? { ...exec, command: resolveRef(command, dirname(u.file)) } : exec
    const key = JSON.stringify([u.file, u.name, resolvedExec, cluster.server])
    const cached = this.credentials.get(key)
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - REFRESH_BEFORE_MS > Date.now())) return cached
    const cred = await runExecPlugin({
      exec: resolvedExec,
      path: await this.loginPath(),
      env: this.env,
      cluster: {
        server: cluster.server as string,
        'certificate-authority-data': canonicalBase64(cluster['certificate-authority-data'] as string) || undefined,
        'insecure-skip-tls-verify': cluster['insecure-skip-tls-verify'] === true || undefined,
        'tls-server-name': (cluster['tls-server-name'] as string) || undefined,
        'proxy-url': (cluster['proxy-url'] as string) || undefined
      }
    })
    this.credentials.set(key, cred)
    return cred
  }

  /** A field's bytes as base64: embedded data, or the referenced file's content. */
  private async data(e: LocatedValue, pathKey: string, dataKey: string): Promise<string> {
    const data = e.value[dataKey] as string
    if (data) return canonicalBase64(data)
    if (!e.value[pathKey]) return ''
    return (await this.read(e, pathKey)).toString('base64')
  }

  private async read(e: LocatedValue, key: string): Promise<Buffer> {
    const path = resolveRef(e.value[key] as string, dirname(e.file))
    try {
      return await readFile(path)
    } catch (err) {
      throw new AppError({
        code: 'kubeconfig.file-missing',
        message: t`cannot read ${path} (${key} of "${e.name}" in ${e.file}): ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
        file: e.file,
        hint: t`Restore the file or point the entry at the right one.`
      })
    }
  }
}
