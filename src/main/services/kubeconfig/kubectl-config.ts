// `kubectl config` verbs with kubectl's semantics and messages (k8s.io/kubectl/pkg/cmd/config,
// as kubectl 1.32 behaves): what each verb loads, validates, changes, where ModifyConfig writes
// it, and the exact text it prints. The CLI prints these results; the app calls the same verbs.
import { readFile, stat } from 'node:fs/promises'
import { AppError, hintOf, sentenceOf } from '../../../shared/errors'
import type { ConfigAccess } from './config-access'
import { goQuote, tabwrite } from './go-format'
import { loadErrors, mergeSources, type MergedConfig, type SourceFile } from './merge'
import { editable, planModify, type NextConfig } from './modify'
import { clusterSchema, contextSchema, userSchema, zeroObject, type KObject, type Section } from './schema'
import { renderView, type ViewOptions } from './view'
import type { KubeconfigWriter, WrittenFile } from './writer'
import { t, verbatim, type Sentence } from '../../../shared/error-messages'

/** A kubectl error: printed as "error: <message>" (several as bare lines, like kubectl). */
export function kubectlError(message: Sentence, extra?: { hint?: Sentence; file?: string; line?: number; code?: string }): AppError {
  return new AppError({ code: extra?.code ?? 'kubectl', message, hint: extra?.hint, file: extra?.file, line: extra?.line })
}

export interface Mutation {
  stdout: string
  /** Warnings kubectl prints to stderr on success. */
  stderr: string
  written: WrittenFile[]
}

/** Flag values: undefined when the flag was not given (cliflag.StringFlag.Provided()). */
export interface SetContextOptions {
  name?: string
  current?: boolean
  cluster?: string
  user?: string
  namespace?: string
}

export interface SetClusterOptions {
  server?: string
  tlsServerName?: string
  insecureSkipTlsVerify?: boolean
  certificateAuthority?: string
  embedCerts?: boolean
  proxyUrl?: string
}

export interface SetCredentialsOptions {
  clientCertificate?: string
  clientKey?: string
  token?: string
  username?: string
  password?: string
  embedCerts?: boolean
  authProvider?: string
  /** Raw --auth-provider-arg values (key=value or key-). */
  authProviderArgs?: string[]
  execCommand?: string
  execApiVersion?: string
  execArgs?: string[]
  /** Raw --exec-env values (key=value or key-). */
  execEnv?: string[]
  execInteractiveMode?: string
  execProvideClusterInfo?: boolean
  /** Not a kubectl flag: a certificate and key (base64 of PEM) made by Kubedeck, embedded as --embed-certs would. */
  clientCertificateData?: string
  clientKeyData?: string
  /** Not a kubectl flag: the reason the write is saved under in the history (found again by an undo). */
  reason?: string
}

const clone = <T>(v: T): T => structuredClone(v)

/** One change to the config a write makes (set-cluster's, a delete…); `apply` runs several as one write. */
export type ConfigEdit = (next: NextConfig, starting: MergedConfig) => void

export class KubectlConfig {
  constructor(
    readonly access: ConfigAccess,
    private readonly writer: KubeconfigWriter
  ) {}

  /** GetStartingConfig: the merged precedence; an explicit --kubeconfig that is missing gives an empty config. */
  async load(): Promise<MergedConfig> {
    const sources: SourceFile[] = []
    for (const given of this.access.precedence()) {
      if (given === '') continue
      sources.push({ given, loaded: await this.writer.cache.load(this.access.abs(given)) })
    }
    const errors = loadErrors(sources)
    if (errors.length > 0) {
      const lines = errors.map(({ given, error }) =>
        error.info.line
          ? t`error loading config file "${given}": ${sentenceOf(error.info)} (line ${error.info.line})`
          : t`error loading config file "${given}": ${sentenceOf(error.info)}`
      )
      const first = errors[0].error.info
      // Several files: kubectl's bracketed list, in English as kubectl prints it.
      const message = lines.length === 1 ? lines[0] : verbatim(`[${lines.map((l) => l.text).join(', ')}]`)
      throw kubectlError(message, { code: first.code, hint: hintOf(first), file: first.file, line: first.line })
    }
    return mergeSources(sources)
  }

  /** Validates on a first load (no lock, like kubectl), then locks, reloads and writes. */
  private async modify<T>(reason: string, change: (starting: MergedConfig) => { next: NextConfig; result: T }): Promise<{ result: T; written: WrittenFile[] }> {
    change(await this.load())
    return this.writer.transaction(this.access.lockFiles(), reason, async () => {
      const starting = await this.load()
      const { next, result } = change(starting)
      return { plan: planModify(this.access, starting, next), result }
    })
  }

  /** Several edits as one write (one lock, one saved version per file, one undo). */
  async apply(reason: string, edits: ConfigEdit[]): Promise<WrittenFile[]> {
    const { written } = await this.modify(reason, (starting) => {
      const next = editable(starting)
      for (const edit of edits) edit(next, starting)
      return { next, result: null }
    })
    return written
  }

  /** A new context entry naming a cluster, a user and a namespace, as a change for `apply`. */
  contextEdit(name: string, fields: { cluster: string; user: string; namespace?: string }): ConfigEdit {
    return (next) => {
      const value: KObject = zeroObject(contextSchema)
      value.cluster = fields.cluster
      value.user = fields.user
      if (fields.namespace) value.namespace = fields.namespace
      next.contexts.set(name, { value })
    }
  }

  /** Removes entries by name (context, cluster, user) as a change for `apply`; a name not there is refused. */
  deleteEdit(section: Section, noun: string, name: string): ConfigEdit {
    return (next, starting) => {
      if (!starting[section].has(name)) throw kubectlError(t`cannot delete ${noun} ${name}, not in ${this.configFile()}`)
      next[section].delete(name)
    }
  }

  private configFile(): string {
    return this.access.isExplicit ? this.access.explicitFile! : this.access.defaultFilename()
  }

  async getContexts(opts: { names: string[]; output: string; noHeaders: boolean }): Promise<{ stdout: string; errors: string[] }> {
    if (opts.output !== '' && opts.output !== 'name') {
      throw kubectlError(t`--output ${opts.output} is not available in kubectl config get-contexts; resetting to default output format`)
    }
    const config = await this.load()
    const nameOnly = opts.output === 'name'
    const errors: string[] = []
    let toPrint: string[] = []
    if (opts.names.length === 0) toPrint = [...config.contexts.keys()]
    else {
      for (const name of opts.names) {
        if (config.contexts.has(name)) toPrint.push(name)
        else errors.push(`context ${name} not found`)
      }
    }
    toPrint.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    let text = ''
    if (!opts.noHeaders && !nameOnly) text += 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n'
    for (const name of toPrint) {
      if (nameOnly) {
        text += `${name}\n`
        continue
      }
      const c = config.contexts.get(name)!.value
      text += `${config.currentContext === name ? '*' : ' '}\t${name}\t${c.cluster}\t${c.user}\t${c.namespace}\n`
    }
    return { stdout: tabwrite(text), errors }
  }

  async currentContext(): Promise<string> {
    const config = await this.load()
    if (config.currentContext === '') throw kubectlError(t`current-context is not set`)
    return `${config.currentContext}\n`
  }

  async useContext(name: string): Promise<Mutation> {
    if (name === '') throw kubectlError(t`empty context names are not allowed`)
    const { written } = await this.modify(`use-context ${name}`, (starting) => {
      if (!starting.contexts.has(name)) throw kubectlError(t`no context exists with the name: ${goQuote(name)}`)
      const next = editable(starting)
      next.currentContext = name
      return { next, result: null }
    })
    return { stdout: `Switched to context ${goQuote(name)}.\n`, stderr: '', written }
  }

  async setContext(opts: SetContextOptions): Promise<Mutation & { name: string; created: boolean }> {
    const given = opts.name ?? ''
    if (given === '' && !opts.current) throw kubectlError(t`you must specify a non-empty context name or --current`)
    if (given !== '' && opts.current) throw kubectlError(t`you cannot specify both a context name and --current`)
    const { result, written } = await this.modify(`set-context ${given || '--current'}`, (starting) => {
      let name = given
      if (opts.current) {
        if (starting.currentContext === '') throw kubectlError(t`no current context is set`)
        name = starting.currentContext
      }
      const next = editable(starting)
      const existing = next.contexts.get(name)
      const value: KObject = existing ? clone(existing.value) : zeroObject(contextSchema)
      if (opts.cluster !== undefined) value.cluster = opts.cluster
      if (opts.user !== undefined) value.user = opts.user
      if (opts.namespace !== undefined) value.namespace = opts.namespace
      next.contexts.set(name, { value, origin: existing?.origin })
      return { next, result: { name, created: !existing } }
    })
    const verb = result.created ? 'created' : 'modified'
    return { ...result, stdout: `Context ${goQuote(result.name)} ${verb}.\n`, stderr: '', written }
  }

  async renameContext(from: string, to: string): Promise<Mutation> {
    if (to === '') throw kubectlError(t`You must specify a new non-empty context name`)
    const { written } = await this.modify(`rename-context ${from} ${to}`, (starting) => {
      const file = this.configFile()
      const entry = starting.contexts.get(from)
      if (!entry) throw kubectlError(t`cannot rename the context ${goQuote(from)}, it's not in ${file}`)
      if (starting.contexts.has(to)) throw kubectlError(t`cannot rename the context ${goQuote(from)}, the context ${goQuote(to)} already exists in ${file}`)
      const next = editable(starting)
      next.contexts.rename(from, to)
      if (next.currentContext === from) next.currentContext = to
      return { next, result: null }
    })
    return { stdout: `Context ${goQuote(from)} renamed to ${goQuote(to)}.\n`, stderr: '', written }
  }

  private async deleteEntry(section: Section, noun: string, name: string, warnIfCurrent: boolean): Promise<Mutation> {
    let stderr = ''
    const { written } = await this.modify(`delete-${noun} ${name}`, (starting) => {
      const file = this.configFile()
      if (!starting[section].has(name)) throw kubectlError(t`cannot delete ${noun} ${name}, not in ${file}`)
      stderr = warnIfCurrent && starting.currentContext === name ? 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n' : ''
      const next = editable(starting)
      next[section].delete(name)
      return { next, result: null }
    })
    return { stdout: `deleted ${noun} ${name} from ${this.configFile()}\n`, stderr, written }
  }

  deleteContext(name: string): Promise<Mutation> {
    return this.deleteEntry('contexts', 'context', name, true)
  }

  deleteCluster(name: string): Promise<Mutation> {
    return this.deleteEntry('clusters', 'cluster', name, false)
  }

  deleteUser(name: string): Promise<Mutation> {
    return this.deleteEntry('users', 'user', name, false)
  }

  /** set-cluster's change, checked (and its files read) before any lock is taken. */
  async clusterEdit(name: string, o: SetClusterOptions): Promise<ConfigEdit> {
    if (name === '') throw kubectlError(t`you must specify a non-empty cluster name`)
    if (o.insecureSkipTlsVerify && (o.certificateAuthority ?? '') !== '') {
      throw kubectlError(t`you cannot specify a certificate authority and insecure mode at the same time`)
    }
    let caData: string | undefined
    if (o.embedCerts) {
      const ca = o.certificateAuthority ?? ''
      if (ca === '') throw kubectlError(t`you must specify a --certificate-authority to embed`)
      caData = await this.readForEmbed(ca, 'certificate-authority')
    }
    const edit: ConfigEdit = (next) => {
      const existing = next.clusters.get(name)
      const c: KObject = existing ? clone(existing.value) : zeroObject(clusterSchema)
      if (o.server !== undefined) {
        c.server = o.server
        // A new --server overrides the TLS server name the entry had (kubectl does the same).
        c['tls-server-name'] = ''
      }
      if (o.tlsServerName !== undefined) c['tls-server-name'] = o.tlsServerName
      // kubectl's flag defaults to false and counts as given even when it is not, so every
      // set-cluster without --insecure-skip-tls-verify turns insecure mode off.
      c['insecure-skip-tls-verify'] = o.insecureSkipTlsVerify ?? false
      if (c['insecure-skip-tls-verify']) {
        c['certificate-authority'] = ''
        c['certificate-authority-data'] = ''
      }
      if (o.certificateAuthority !== undefined) {
        if (caData !== undefined) {
          c['certificate-authority-data'] = caData
          c['insecure-skip-tls-verify'] = false
          c['certificate-authority'] = ''
        } else {
          const path = o.certificateAuthority === '' ? '' : this.access.abs(o.certificateAuthority)
          c['certificate-authority'] = path
          if (path !== '') {
            c['insecure-skip-tls-verify'] = false
            c['certificate-authority-data'] = ''
          }
        }
      }
      if (o.proxyUrl !== undefined) c['proxy-url'] = o.proxyUrl
      next.clusters.set(name, { value: c, origin: existing?.origin })
    }
    return edit
  }

  async setCluster(name: string, o: SetClusterOptions): Promise<Mutation> {
    const written = await this.apply(`set-cluster ${name}`, [await this.clusterEdit(name, o)])
    return { stdout: `Cluster ${goQuote(name)} set.\n`, stderr: '', written }
  }

  /** set-credentials' change, checked (and its files read) before any lock is taken. */
  async credentialsEdit(name: string, o: SetCredentialsOptions): Promise<ConfigEdit> {
    const providerArgs = o.authProviderArgs?.length ? parsePairs(o.authProviderArgs, 'auth-provider-arg') : null
    const env = o.execEnv?.length ? parsePairs(o.execEnv, 'exec-env') : null
    if (name === '') throw kubectlError(t`you must specify a non-empty user name`)
    const methods: string[] = []
    if ((o.token ?? '') !== '') methods.push('--token')
    if ((o.username ?? '') !== '' || (o.password ?? '') !== '') methods.push('--username/--password')
    if (methods.length > 1) throw kubectlError(t`you cannot specify more than one authentication method at the same time: ${methods.join(', ')}`)
    let certData: string | undefined
    let keyData: string | undefined
    if (o.embedCerts) {
      const cert = o.clientCertificate ?? ''
      const key = o.clientKey ?? ''
      if (cert === '' && key === '') throw kubectlError(t`you must specify a --client-certificate or --client-key to embed`)
      if (cert !== '') await this.statForEmbed(cert, 'client-certificate')
      if (key !== '') await this.statForEmbed(key, 'client-key')
      certData = cert === '' ? '' : await this.readBase64(cert)
      keyData = key === '' ? '' : await this.readBase64(key)
    }
    const mode = o.execInteractiveMode
    if (mode !== undefined && mode !== '' && !['IfAvailable', 'Never', 'Always'].includes(mode)) {
      throw kubectlError(t`invalid interactive mode type, can be only IfAvailable, Never, Always`)
    }
    const edit: ConfigEdit = (next) => {
      const existing = next.users.get(name)
      const u: KObject = existing ? clone(existing.value) : zeroObject(userSchema)
      let setToken = false
      let setBasic = false
      // A file given: embedded (--embed-certs) or referenced (absolute), the other form cleared.
      const setFile = (key: 'client-certificate' | 'client-key', given: string | undefined, embedded: string | undefined) => {
        if (given === undefined) return
        if (o.embedCerts) {
          u[`${key}-data`] = embedded ?? ''
          u[key] = ''
        } else {
          u[key] = given === '' ? '' : this.access.abs(given)
          if (u[key] !== '') u[`${key}-data`] = ''
        }
      }
      setFile('client-certificate', o.clientCertificate, certData)
      setFile('client-key', o.clientKey, keyData)
      if (o.clientCertificateData !== undefined && o.clientKeyData !== undefined) {
        u['client-certificate-data'] = o.clientCertificateData
        u['client-key-data'] = o.clientKeyData
        u['client-certificate'] = ''
        u['client-key'] = ''
      }
      if (o.token !== undefined) {
        u.token = o.token
        setToken = o.token !== ''
      }
      if (o.username !== undefined) {
        u.username = o.username
        setBasic = setBasic || o.username !== ''
      }
      if (o.password !== undefined) {
        u.password = o.password
        setBasic = setBasic || o.password !== ''
      }
      if (o.authProvider !== undefined) {
        const ap = u['auth-provider'] as KObject | null
        if (ap === null || ap.name !== o.authProvider) u['auth-provider'] = { name: o.authProvider, config: null }
      }
      if (u['auth-provider'] !== null) {
        const ap = u['auth-provider'] as KObject
        const config = { ...((ap.config as Record<string, string> | null) ?? {}) }
        for (const k of providerArgs?.remove ?? []) delete config[k]
        for (const [k, v] of providerArgs?.set ?? []) config[k] = v
        ap.config = config
      }
      if (o.execCommand !== undefined) {
        if (u.exec === null) u.exec = { command: o.execCommand, args: null, env: null, apiVersion: '', installHint: '', provideClusterInfo: false, interactiveMode: '' }
        else {
          ;(u.exec as KObject).command = o.execCommand
          ;(u.exec as KObject).args = null
        }
      }
      if (u.exec !== null) {
        const exec = u.exec as KObject
        if (o.execApiVersion !== undefined) exec.apiVersion = o.execApiVersion
        if (o.execInteractiveMode !== undefined) exec.interactiveMode = o.execInteractiveMode
        if (o.execProvideClusterInfo !== undefined) exec.provideClusterInfo = o.execProvideClusterInfo
        if (o.execArgs && o.execArgs.length > 0) exec.args = [...o.execArgs]
        if (env) {
          let list = (exec.env as KObject[] | null) ?? null
          if (env.remove.length > 0) list = (list ?? []).filter((e) => !env.remove.includes(e.name as string))
          if (env.set.length > 0) {
            list = list ?? []
            const added: KObject[] = []
            for (const [k, v] of env.set) {
              const found = list.find((e) => e.name === k)
              if (found) found.value = v
              else added.push({ name: k, value: v })
            }
            list = [...list, ...added]
          }
          exec.env = list
        }
      }
      if (setToken || setBasic) {
        if (!setToken) u.token = ''
        if (!setBasic) {
          u.username = ''
          u.password = ''
        }
      }
      next.users.set(name, { value: u, origin: existing?.origin })
    }
    return edit
  }

  async setCredentials(name: string, o: SetCredentialsOptions): Promise<Mutation> {
    const written = await this.apply(o.reason ?? `set-credentials ${name}`, [await this.credentialsEdit(name, o)])
    return { stdout: `User ${goQuote(name)} set.\n`, stderr: '', written }
  }

  async view(opts: ViewOptions): Promise<string> {
    return renderView(await this.load(), this.access, opts)
  }

  private async readForEmbed(path: string, what: string): Promise<string> {
    await this.statForEmbed(path, what)
    return this.readBase64(path)
  }

  private async statForEmbed(path: string, what: string): Promise<void> {
    try {
      await stat(this.access.abs(path))
    } catch (e) {
      throw kubectlError(t`could not stat ${what} file ${path}: stat ${path}: ${goErrno(e)}`)
    }
  }

  private async readBase64(path: string): Promise<string> {
    // kubectl ignores read errors here (embeds nothing); so do we.
    const data = await readFile(this.access.abs(path)).catch(() => Buffer.alloc(0))
    return data.toString('base64')
  }
}

/** Go's messages for the errors kubectl reports from the file system. */
export function goErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory'
  if (code === 'ENOTDIR') return 'not a directory'
  return (e as Error).message
}

/** cmdutil.ParsePairs with removal (`key-`), as 1.32 reports bad input. */
function parsePairs(args: string[], flag: string): { set: [string, string][]; remove: string[] } {
  const set = new Map<string, string>()
  const remove: string[] = []
  for (const a of args) {
    const eq = a.indexOf('=')
    if (eq > 0) set.set(a.slice(0, eq), a.slice(eq + 1))
    else if (a.endsWith('-') && a !== '-' && eq < 0) remove.push(a.slice(0, -1))
    else throw kubectlError(t`invalid ${flag} format: ${a}`, { code: 'kubectl.usage' })
  }
  return { set: [...set], remove }
}
