// The SSH service other domains build on: connections (for terminals), host sessions (the
// audited command runner for the wizards), resolved settings, connection tests, and the
// repair of a known_hosts line after a refused changed key.
import { join } from 'node:path'
import { AppError, isAppError } from '../../../shared/errors'
import type { ResolvedSshSettings, SecretVaultStatus, SshConnectionReport, SshTarget } from '../../../shared/model/ssh'
import { FileHistory } from '../files'
import { AuditLog } from './audit-log'
import { openConnection, type SshClientConnection } from './connection'
import { SshHostSession } from './host-session'
import { removeKnownHostLine } from './known-hosts'
import { NO_VAULT_REASON, unavailableVault } from './secret-vault'
import { SecretPrompter } from './secrets'
import { resolveTarget, toResolvedSettings, type SshConfigSource } from './settings'
import type { HostSession, SecretVault, SshConnection, SshInteraction } from './types'
import { t } from '../../../shared/error-messages'

export interface SshServiceOptions {
  dataDir: string
  /** Where remembered secrets go; absent in the CLI and web mode. */
  vault?: SecretVault
  /** Like `ssh -F` for every connection (tests; the app reads ~/.ssh/config). */
  configFile?: string
  env?: NodeJS.ProcessEnv
  /** known_hosts versions (for undo); default: the data folder's history. */
  history?: FileHistory
}

export class SshService {
  readonly vault: SecretVault
  readonly audit: AuditLog
  private readonly history: FileHistory
  private readonly config: SshConfigSource
  private readonly open = new Set<SshClientConnection>()
  /** known_hosts lines that a refusal named in this process: the only ones removeKnownHost may touch. */
  private readonly offending = new Set<string>()

  constructor(opts: SshServiceOptions) {
    this.vault = opts.vault ?? unavailableVault(NO_VAULT_REASON)
    this.audit = new AuditLog(opts.dataDir)
    this.history = opts.history ?? new FileHistory(join(opts.dataDir, 'history'))
    this.config = { configFile: opts.configFile, env: opts.env }
  }

  vaultStatus(): SecretVaultStatus {
    return this.vault.available ? { available: true } : { available: false, reason: this.vault.reason }
  }

  /** What a connection to `target` would use (ssh -G's view). */
  resolve(target: SshTarget): ResolvedSshSettings {
    return toResolvedSettings(resolveTarget(target, this.config))
  }

  /** An authenticated connection (through jump hosts), asking `interaction` what must be asked. */
  async connect(target: SshTarget, interaction: SshInteraction): Promise<SshConnection> {
    return this.openTracked(target, interaction)
  }

  private async openTracked(target: SshTarget, interaction: SshInteraction): Promise<SshClientConnection> {
    try {
      const conn = await openConnection(target, { interaction, vault: this.vault, config: this.config, history: this.history })
      this.open.add(conn)
      conn.once('close', () => this.open.delete(conn))
      return conn
    } catch (e) {
      if (isAppError(e) && e.info.code === 'ssh.host-key-changed' && e.info.file && e.info.line) {
        this.offending.add(`${e.info.file}\0${e.info.line}\0${String(e.info.data?.offendingKeyType ?? '')}`)
      }
      throw e
    }
  }

  /** A command runner on one host; every command and transfer lands in the audit log. */
  async session(target: SshTarget, interaction: SshInteraction, audit?: { context?: string }): Promise<HostSession> {
    const conn = await this.openTracked(target, interaction)
    const secrets = new SecretPrompter(interaction, this.vault, conn.options.batchMode, conn.options.numberOfPasswordPrompts)
    return new SshHostSession(target.host, conn, secrets, this.audit, audit?.context ?? null)
  }

  async testConnection(target: SshTarget, interaction: SshInteraction): Promise<SshConnectionReport> {
    const started = Date.now()
    let settings: ResolvedSshSettings
    try {
      settings = this.resolve(target)
    } catch (e) {
      return {
        target,
        ok: false,
        user: target.user ?? '',
        hostname: target.host,
        port: target.port ?? 22,
        route: [],
        latencyMs: 0,
        error: isAppError(e) ? e.info : { code: 'internal', message: String(e) }
      }
    }
    const base = { target, user: settings.user, hostname: settings.hostname, port: settings.port }
    try {
      const conn = await this.openTracked(target, interaction)
      const report: SshConnectionReport = {
        ...base,
        ok: true,
        route: conn.route,
        authMethod: conn.authMethod,
        hostKeyFingerprint: conn.hostKeyFingerprint,
        serverVersion: conn.serverVersion,
        latencyMs: Date.now() - started
      }
      conn.close()
      return report
    } catch (e) {
      return { ...base, ok: false, route: [], latencyMs: Date.now() - started, error: isAppError(e) ? e.info : { code: 'internal', message: (e as Error).message } }
    }
  }

  /** Removes the known_hosts line a changed-key refusal named (and only such a line). */
  async removeKnownHost(file: string, line: number, keyType: string): Promise<void> {
    if (!this.offending.has(`${file}\0${line}\0${keyType}`)) {
      throw new AppError({
        code: 'ssh.known-hosts',
        message: t`Kubedeck only removes a known_hosts line that a refused connection named; ${file}:${line} was not.`,
        file,
        line
      })
    }
    await removeKnownHostLine(file, line, keyType, this.history)
    this.offending.delete(`${file}\0${line}\0${keyType}`)
  }

  close(): void {
    for (const c of this.open) c.close()
  }
}
