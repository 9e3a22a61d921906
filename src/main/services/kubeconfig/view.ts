// `kubectl config view`: the merged config (or one context with --minify), secrets shortened
// unless --raw (DATA+OMITTED for certificate data, REDACTED for tokens and passwords), file
// references embedded with --flatten, printed as kubectl prints YAML or JSON.
import { readFileSync } from 'node:fs'
import { AppError } from '../../../shared/errors'
import type { ConfigAccess } from './config-access'
import type { MergedConfig, MergedEntry } from './merge'
import { resolveRef } from './paths'
import type { KObject } from './schema'
import { structsToPlain, toV1, rawBytes, type BytesPrinter, type ConfigContent } from './v1'
import { goJsonMarshalIndent, goYamlMarshal } from './yaml'
import { dirname, resolve } from 'node:path'
import { t, type Sentence } from '../../../shared/error-messages'

export interface ViewOptions {
  minify: boolean
  flatten: boolean
  raw: boolean
  output: 'yaml' | 'json'
  /** --context: the context --minify keeps. */
  context?: string
  /**
   * For the app's renderer: also hide values kubectl prints but a UI must not receive
   * (auth-provider secrets, exec plugin environment values). Never combined with raw.
   */
  hideAllSecrets?: boolean
}

const fail = (message: Sentence) => new AppError({ code: 'kubectl', message })

interface ViewEntry {
  value: KObject
  origin: string
}

export function renderView(merged: MergedConfig, access: ConfigAccess, opts: ViewOptions): string {
  const toEntries = (m: Map<string, MergedEntry>) => new Map([...m].map(([k, e]) => [k, { value: structuredClone(e.value), origin: e.given } as ViewEntry]))
  let clusters = toEntries(merged.clusters)
  let users = toEntries(merged.users)
  let contexts = toEntries(merged.contexts)
  let currentContext = merged.currentContext
  if (opts.minify) {
    if (opts.context) currentContext = opts.context
    if (currentContext === '') throw fail(t`current-context must exist in order to minify`)
    const ctx = contexts.get(currentContext)
    if (!ctx) throw fail(t`cannot locate context ${currentContext}`)
    const clusterName = ctx.value.cluster as string
    const userName = ctx.value.user as string
    const keptClusters = new Map<string, ViewEntry>()
    if (clusterName !== '') {
      if (!clusters.has(clusterName)) throw fail(t`cannot locate cluster ${clusterName}`)
      keptClusters.set(clusterName, clusters.get(clusterName)!)
    }
    const keptUsers = new Map<string, ViewEntry>()
    if (userName !== '') {
      if (!users.has(userName)) throw fail(t`cannot locate user ${userName}`)
      keptUsers.set(userName, users.get(userName)!)
    }
    clusters = keptClusters
    users = keptUsers
    contexts = new Map([[currentContext, ctx]])
  }
  let printBytes: BytesPrinter = rawBytes
  if (opts.flatten) flatten(users, clusters, access)
  // kubectl shows everything once flattened; the app's view never does.
  if (!opts.raw && (!opts.flatten || opts.hideAllSecrets)) {
    printBytes = (_key, canonical) => (canonical === '' ? '' : 'DATA+OMITTED')
    for (const u of users.values()) {
      if (u.value.token !== '') u.value.token = 'REDACTED'
      if (u.value.password !== '') u.value.password = 'REDACTED'
      if (opts.hideAllSecrets) hideMore(u.value)
    }
  }
  const content: ConfigContent = {
    clusters: new Map([...clusters].map(([k, e]) => [k, e.value])),
    users: new Map([...users].map(([k, e]) => [k, e.value])),
    contexts: new Map([...contexts].map(([k, e]) => [k, e.value])),
    currentContext,
    colors: merged.colors,
    extensions: merged.extensions
  }
  const v1 = toV1(content, printBytes)
  return opts.output === 'json' ? goJsonMarshalIndent(v1) + '\n' : goYamlMarshal(structsToPlain(v1))
}

/** FlattenConfig: file references replaced by their content (users first, as kubectl). */
function flatten(users: Map<string, ViewEntry>, clusters: Map<string, ViewEntry>, access: ConfigAccess): void {
  const embed = (e: ViewEntry, pathKey: string, dataKey: string) => {
    const path = e.value[pathKey] as string
    if (path === '') return
    if (e.value[dataKey] !== '') throw fail(t`cannot have values for both path and contents`)
    // MakeAbs(path.Dir(LocationOfOrigin), ""): a relative origin is taken from the working directory.
    const base = resolve(access.cwd, dirname(e.origin))
    const abs = resolveRef(path, base)
    let data: Buffer
    try {
      data = readFileSync(abs)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw fail(t`open ${abs}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`)
    }
    e.value[dataKey] = data.toString('base64')
    e.value[pathKey] = ''
  }
  for (const name of [...users.keys()].sort()) {
    const u = users.get(name)!
    embed(u, 'client-certificate', 'client-certificate-data')
    embed(u, 'client-key', 'client-key-data')
  }
  for (const name of [...clusters.keys()].sort()) embed(clusters.get(name)!, 'certificate-authority', 'certificate-authority-data')
}

const secretName = /secret|token|password|passwd|key|credential/i

/** What kubectl shows but the renderer must not see. */
function hideMore(u: KObject): void {
  const ap = u['auth-provider'] as KObject | null
  if (ap && ap.config) {
    const config = ap.config as Record<string, string>
    for (const k of Object.keys(config)) if (secretName.test(k) && !k.endsWith('-data')) config[k] = 'REDACTED'
  }
  const exec = u.exec as KObject | null
  if (exec && exec.env) for (const e of exec.env as KObject[]) if (secretName.test(e.name as string)) e.value = 'REDACTED'
}
