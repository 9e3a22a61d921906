// The chips next to a context: what will make it fail before anyone tries it. A file it points
// to is gone, its client certificate expired (or will within 30 days), its exec plugin is not on
// the login shell's PATH, its cluster or user entry does not exist. Checked locally and cached
// (certificates by content, files and commands per refresh), so listing thousands stays cheap.
import { X509Certificate } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Diagnostic, EntryRef } from '../../../shared/model/kubeconfig'
import { lookPath } from './exec-credentials'
import { execCommandIsPath, resolveRef } from './paths'
import type { KObject } from './schema'

export interface LocatedValue {
  name: string
  value: KObject
  /** Absolute path of the defining file (references resolve against it). */
  file: string
}

export interface ContextResolution {
  context: LocatedValue
  cluster?: LocatedValue
  user?: LocatedValue
}

const entryRef = (e: LocatedValue): EntryRef => ({ name: e.name, file: e.file })

const DAY = 24 * 3600 * 1000
const EXPIRY_WARNING_DAYS = 30

export class Diagnostician {
  private readonly certs = new Map<string, { validTo: number } | { error: string }>()
  private exists = new Map<string, boolean>()
  private commands = new Map<string, string | undefined>()

  constructor(private loginPath: string | null) {}

  setLoginPath(path: string): void {
    this.loginPath = path
    this.commands.clear()
  }

  /** Forget per-refresh caches (files and commands may have appeared or vanished). */
  refresh(): void {
    this.exists = new Map()
    this.commands = new Map()
  }

  diagnose(r: ContextResolution, now = Date.now()): Diagnostic[] {
    const out: Diagnostic[] = []
    const ctx = r.context.value
    if (ctx.cluster !== '' && !r.cluster) out.push({ kind: 'cluster-missing', severity: 'error', name: ctx.cluster as string })
    if (ctx.user !== '' && !r.user) out.push({ kind: 'user-missing', severity: 'error', name: ctx.user as string })
    if (r.cluster) this.checkFile(out, r.cluster, 'certificate-authority')
    if (r.user) {
      const u = r.user.value
      this.checkFile(out, r.user, 'client-certificate')
      this.checkFile(out, r.user, 'client-key')
      this.checkFile(out, r.user, 'tokenFile')
      this.checkCertificate(out, r.user, now)
      const exec = u.exec as KObject | null
      if (exec && exec.command !== '') this.checkExec(out, r.user, exec)
    }
    return out
  }

  private fileExists(path: string): boolean {
    let e = this.exists.get(path)
    if (e === undefined) {
      try {
        statSync(path)
        e = true
      } catch {
        e = false
      }
      this.exists.set(path, e)
    }
    return e
  }

  private checkFile(out: Diagnostic[], entry: LocatedValue, field: Extract<Diagnostic, { kind: 'file-missing' }>['field']): void {
    const ref = entry.value[field] as string
    if (!ref) return
    const path = resolveRef(ref, dirname(entry.file))
    if (!this.fileExists(path)) out.push({ kind: 'file-missing', severity: 'error', path, field, entry: entryRef(entry) })
  }

  private checkCertificate(out: Diagnostic[], user: LocatedValue, now: number): void {
    const data = user.value['client-certificate-data'] as string
    const file = user.value['client-certificate'] as string
    let key: string
    let load: () => Buffer
    if (data) {
      key = `data:${data}`
      load = () => Buffer.from(data, 'base64')
    } else if (file) {
      const path = resolveRef(file, dirname(user.file))
      if (!this.fileExists(path)) return
      const st = statSync(path)
      key = `file:${path}:${st.mtimeMs}:${st.size}`
      load = () => readFileSync(path)
    } else return
    let info = this.certs.get(key)
    if (!info) {
      try {
        info = { validTo: Date.parse(new X509Certificate(load()).validTo) }
      } catch (e) {
        info = { error: (e as Error).message }
      }
      this.certs.set(key, info)
    }
    if ('error' in info) {
      out.push({ kind: 'cert-unreadable', severity: 'warning', reason: info.error, entry: entryRef(user) })
      return
    }
    const expiresAt = new Date(info.validTo).toISOString()
    if (info.validTo <= now) out.push({ kind: 'cert-expired', severity: 'error', expiresAt, entry: entryRef(user) })
    else if (info.validTo - now < EXPIRY_WARNING_DAYS * DAY) out.push({ kind: 'cert-expiring', severity: 'warning', expiresAt, entry: entryRef(user) })
  }

  private checkExec(out: Diagnostic[], user: LocatedValue, exec: KObject): void {
    const command = exec.command as string
    const installHint = (exec.installHint as string) || undefined
    if (execCommandIsPath(command)) {
      const path = resolveRef(command, dirname(user.file))
      if (lookPath(path, '') === undefined) out.push({ kind: 'exec-plugin-missing', severity: 'error', command, path, installHint, entry: entryRef(user) })
      return
    }
    if (this.loginPath === null) return
    let found = this.commands.get(command)
    if (!this.commands.has(command)) {
      found = lookPath(command, this.loginPath)
      this.commands.set(command, found)
    }
    if (found === undefined) out.push({ kind: 'exec-plugin-missing', severity: 'error', command, searchPath: this.loginPath, installHint, entry: entryRef(user) })
  }
}
