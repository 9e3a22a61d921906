// The SSH domain's public shapes. Other services (terminals, etcd, certs, logs) code against
// these; keep them stable. Implementations live beside this file and are exported from index.ts.
import type { ShellCommand } from '../shell'
import type { ClientChannel, SFTPWrapper } from 'ssh2'
import type { HostKeyDecision, HostKeyQuestion, KeyboardInteractiveRequest, ResolvedSshSettings, SecretRequest, SshTarget } from '../../../shared/model/ssh'

export type { SshTarget, HostKeyDecision, HostKeyQuestion, SecretRequest, KeyboardInteractiveRequest }

/** A secret typed by a person; `remember` asks to keep it in the SecretVault once it proved right. */
export interface SecretAnswer {
  secret: string
  remember?: boolean
}

/**
 * How the SSH service asks a person. Implementations: the UI (an `ssh.prompt` stream to the
 * window that made the call, answered with `ssh.answerPrompt`), the CLI (the TTY), tests
 * (scripted answers). Returning null (or 'reject') means the person declined.
 */
export interface SshInteraction {
  confirmHostKey(info: HostKeyQuestion): Promise<HostKeyDecision>
  askSecret(req: SecretRequest): Promise<string | SecretAnswer | null>
  keyboardInteractive(req: KeyboardInteractiveRequest): Promise<string[] | null>
}

export interface ShellOptions {
  cols: number
  rows: number
  /** Default `xterm-256color`. */
  term?: string
  /** Sent as `env` requests; sshd drops names its AcceptEnv does not list. */
  env?: Record<string, string>
}

export interface ExecOptions {
  env?: Record<string, string>
  /** Allocate a pty (merges stderr into stdout, as ssh -t would). */
  pty?: boolean | { cols: number; rows: number; term?: string }
}

export type SshConnectionEvent = 'close' | 'keepalive-timeout'

/**
 * One authenticated SSH connection (through its jump hosts, if any). Closing it closes the
 * whole chain. 'keepalive-timeout' fires (then 'close') when the server stopped answering for
 * ServerAliveInterval × ServerAliveCountMax.
 */
export interface SshConnection {
  readonly settings: ResolvedSshSettings
  /** `user@hostname:port` of every hop, the target last. */
  readonly route: string[]
  readonly authMethod: string
  readonly hostKeyFingerprint: string
  readonly serverVersion: string
  readonly closed: boolean
  /** An interactive shell on a pty: the raw ssh2 channel (pause/resume it for flow control). */
  shell(opts: ShellOptions): Promise<ClientChannel>
  /**
   * A raw exec channel. Wizards should use HostSession.run, which audits and handles sudo.
   * Read the exit status from the 'close' event's (code, signal): a fast command's 'exit' event
   * can fire before a listener attached after this promise resolves.
   */
  exec(command: string, opts?: ExecOptions): Promise<ClientChannel>
  sftp(): Promise<SFTPWrapper>
  close(): void
  on(event: SshConnectionEvent, listener: (...args: unknown[]) => void): this
  once(event: SshConnectionEvent, listener: (...args: unknown[]) => void): this
  off(event: SshConnectionEvent, listener: (...args: unknown[]) => void): this
}

// ---- the command runner for the wizards ----

export interface AuditInfo {
  /** Usually the context name the work is for. */
  context?: string
  /** Why the command runs (e.g. "etcd backup: snapshot"). */
  purpose?: string
}

export interface RunOptions {
  /** Run as root through `sudo`; the sudo password (if one is needed) is asked once per session and sent on stdin. */
  sudo?: boolean
  /** Kills the remote command and rejects with `ssh.command-timeout`. */
  timeoutMs?: number
  /** Aborting kills the remote command and rejects with `ssh.command-cancelled`. */
  signal?: AbortSignal
  stdin?: string | Buffer
  onStdout?(chunk: string): void
  onStderr?(chunk: string): void
  /** false: stdout goes to onStdout only and the result's stdout stays empty (a follow that streams for hours). */
  collectStdout?: boolean
  audit?: AuditInfo
}

/** A command that ran to its end. A non-zero exit code resolves (it is the command's answer); only timeouts, cancels and lost connections reject. */
export interface CommandResult {
  command: string
  exitCode: number | null
  signal?: string
  stdout: string
  stderr: string
  durationMs: number
}

export interface TransferResult {
  sha256: string
  bytes: number
}

export interface HostSession {
  /** The target's name as given (a node name or ssh alias). */
  host: string
  /** The SSH user is root: commands need no sudo. */
  readonly isRoot: boolean
  /** Commands are built with the shell builder (services/shell): values quoted or refused. */
  run(command: ShellCommand, opts?: RunOptions): Promise<CommandResult>
  /**
   * Uploads through SFTP to a temporary name beside remotePath (hashing the bytes as they are
   * read), checks the host's sha256 of what arrived, then renames it into place in one step.
   */
  upload(localPath: string, remotePath: string, opts?: { onProgress?(sent: number, total: number): void; mode?: number; signal?: AbortSignal }): Promise<TransferResult>
  /**
   * Downloads to a temporary file beside localPath while the host computes its sha256 (the bytes
   * are hashed here as they arrive); only a matching copy is fsynced and renamed into place.
   */
  download(remotePath: string, localPath: string, opts?: { onProgress?(got: number, total: number): void; signal?: AbortSignal }): Promise<TransferResult>
  close(): void
}

// ---- remembered secrets ----

/**
 * Where remembered passphrases and passwords live, only when the person asked for it. The
 * Electron shell provides one backed by safeStorage (the OS keychain); the CLI and web mode
 * have none and say so.
 */
export interface SecretVault {
  readonly available: boolean
  /** Why it is not available (shown where a "remember" checkbox would be). */
  readonly reason?: string
  get(key: string): Promise<string | null>
  set(key: string, secret: string): Promise<void>
  delete(key: string): Promise<void>
}

/** The one thing an encrypting vault needs from its shell (Electron's safeStorage). */
export interface SecretCipher {
  isAvailable(): boolean
  /** Why it is not available (no keychain, or one that does not really encrypt). */
  unavailableReason?(): string | null
  encrypt(plain: string): Buffer
  decrypt(encrypted: Buffer): string
}
