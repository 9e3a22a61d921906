// The command runner the wizards use on a host: commands with exit codes and streamed output,
// optional sudo (the password asked once per session and sent on stdin, never on a command
// line), timeouts and cancels that really stop the remote process, SFTP transfers checked
// with sha256 on both ends, and an audit line for each.
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { ClientChannel, SFTPWrapper } from 'ssh2'
import { AppError, isAppError } from '../../../shared/errors'
import type { AuditLog, AuditRecord } from './audit-log'
import type { SshClientConnection } from './connection'
import type { SecretPrompter } from './secrets'
import { sh, type ShellCommand } from '../shell'
import { renameIntoPlace, sftpDownload, sftpUpload } from './sftp-transfer'
import type { CommandResult, HostSession, RunOptions, TransferResult } from './types'
import { t } from '../../../shared/error-messages'

const PID_MARK = 'KUBEDECK-PID:'
const KILL_GRACE_MS = 1500

/** How this session becomes root: sudo without a password, or with the one the person gave. */
type SudoAccess = { mode: 'nopasswd' } | { mode: 'password'; password: string }

/**
 * sshd starts an exec'd command as a session leader (setsid), so the pid printed first is also
 * its process group: that is what a cancel kills, since OpenSSH's sshd ignores "signal" requests.
 * With a password, sudo reads it as the first line of stdin (-S, no prompt) and always asks (-k),
 * so the line never reaches the command; the rest of stdin does.
 */
function wrap(command: ShellCommand, sudo: SudoAccess | null): ShellCommand {
  return sh`printf ${`${PID_MARK}%s\\n`} $$ >&2; exec ${shell(command, sudo)}`
}

/** The command as one argument of `sh -c` (through sudo when it runs as root). */
function shell(command: ShellCommand, sudo: SudoAccess | null): ShellCommand {
  const inner = command.text
  return !sudo ? sh`sh -c ${inner}` : sudo.mode === 'nopasswd' ? sh`sudo -n -- sh -c ${inner}` : sh`sudo -k -S -p '' -- sh -c ${inner}`
}

function stdinFor(sudo: SudoAccess | null, stdin: string | Buffer | undefined): string | Buffer | undefined {
  return sudo?.mode === 'password' ? Buffer.concat([Buffer.from(`${sudo.password}\n`), Buffer.from(stdin ?? '')]) : stdin
}

export class SshHostSession implements HostSession {
  /** Settled once per session (the person is asked at most once, however many sudo commands start at once). */
  private sudoAccess: Promise<SudoAccess> | null = null
  private sftpChannel: Promise<SFTPWrapper> | null = null

  constructor(
    readonly host: string,
    private readonly conn: SshClientConnection,
    private readonly secrets: SecretPrompter,
    private readonly audit: AuditLog,
    private readonly context: string | null
  ) {}

  private record(r: Omit<AuditRecord, 'time' | 'context' | 'host' | 'address' | 'user'> & { purpose: string | null }, context?: string): Promise<void> {
    return this.audit.append({
      time: new Date().toISOString(),
      context: context ?? this.context,
      host: this.host,
      address: `${this.conn.options.hostname}:${this.conn.options.port}`,
      user: this.conn.options.user,
      ...r
    })
  }

  async run(command: ShellCommand, opts: RunOptions = {}): Promise<CommandResult> {
    const sudo = opts.sudo && this.conn.options.user !== 'root' ? await this.sudo(opts) : null
    return this.execute(command.text, wrap(command, sudo), { ...opts, stdin: stdinFor(sudo, opts.stdin) }, sudo)
  }

  private sudo(opts: RunOptions): Promise<SudoAccess> {
    this.sudoAccess ??= this.findSudoAccess(opts).catch((e: unknown) => {
      // Declined or cancelled: a later command may ask again.
      this.sudoAccess = null
      throw e
    })
    return this.sudoAccess
  }

  /**
   * Whether sudo needs a password here, and a right one if so. Shared by every command waiting
   * for it, so it heeds no one caller's cancel; our own checks read sudo's messages in English.
   */
  private async findSudoAccess(opts: RunOptions): Promise<SudoAccess> {
    const user = this.conn.options.user
    const refused = (detail: string) =>
      new AppError({
        code: 'ssh.sudo',
        message: t`${user} cannot use sudo on ${this.host}: ${detail}`,
        host: this.host,
        hint: t`Allow ${user} to run commands as root in the host's sudoers, or connect as a user who can (User in the ssh config).`
      })
    const probe = await this.execute('sudo -n true', wrap(sh`LC_ALL=C sudo -n true`, null), { audit: { ...opts.audit, purpose: 'sudo: does it need a password?' } }, null)
    if (probe.exitCode === 0) return { mode: 'nopasswd' }
    if (probe.exitCode === 127) {
      throw new AppError({
        code: 'ssh.sudo',
        message: t`sudo is not installed on ${this.host}.`,
        host: this.host,
        hint: t`Log in as root (User root in the ssh config) or install sudo.`
      })
    }
    if (!/password is required/.test(probe.stderr)) throw refused(probe.stderr.trim() || `sudo exited with ${probe.exitCode}`)
    let wrong = 0
    const req = { kind: 'sudo' as const, host: this.conn.options.hostname, user, port: this.conn.options.port }
    const password = await this.secrets.obtain(req, async (candidate) => {
      const check = await this.execute(
        'sudo -k -S -p "" -- true',
        wrap(sh`LC_ALL=C sudo -k -S -p '' -- true`, null),
        { sudo: true, stdin: `${candidate}\n`, audit: { ...opts.audit, purpose: 'sudo: check the password' } },
        null
      )
      if (check.exitCode === 0) return candidate
      // A right password for a user sudoers does not allow: asking again would not help.
      if (!/incorrect password|Sorry, try again/.test(check.stderr)) throw refused(check.stderr.trim() || `sudo exited with ${check.exitCode}`)
      wrong++
      return null
    })
    if (password === null) {
      throw new AppError({
        code: 'ssh.sudo-cancelled',
        message: wrong
          ? t`sudo on ${this.host} refused ${wrong === 1 ? t`the password` : t`${wrong} passwords`} for ${user}; the command was not run.`
          : t`No sudo password for ${user}@${this.host}; the command was not run.`,
        host: this.host
      })
    }
    return { mode: 'password', password }
  }

  /** Runs `wire` (the wrapped `shown`) to its end; `as` is the sudo access it runs with, for stopping it. */
  private async execute(shown: string, wire: ShellCommand, opts: RunOptions, as: SudoAccess | null): Promise<CommandResult> {
    const started = Date.now()
    const purpose = opts.audit?.purpose ?? null
    const sudo = !!opts.sudo
    if (opts.signal?.aborted) throw this.stopped('cancelled', shown, '', '', started)
    let ch: ClientChannel
    try {
      ch = await this.conn.exec(wire.text)
    } catch (e) {
      await this.record({ purpose, command: shown, sudo, exitCode: null, outcome: 'error', durationMs: Date.now() - started }, opts.audit?.context)
      throw e
    }
    const out = new StringDecoder('utf8')
    const err = new StringDecoder('utf8')
    let stdout = ''
    let stderr = ''
    let pid: number | null = null
    let pending = ''
    return new Promise<CommandResult>((resolve, reject) => {
      let stop: 'timeout' | 'cancelled' | null = null
      const timer = opts.timeoutMs ? setTimeout(() => void halt('timeout'), opts.timeoutMs) : undefined
      const onAbort = () => void halt('cancelled')
      opts.signal?.addEventListener('abort', onAbort, { once: true })

      const halt = async (why: 'timeout' | 'cancelled') => {
        if (stop) return
        stop = why
        await this.killGroup(pid, as)
        setTimeout(() => ch.close(), KILL_GRACE_MS).unref()
      }

      ch.on('data', (d: Buffer) => {
        const s = out.write(d)
        // A follower (journalctl -f) streams for hours: its output goes to onStdout only.
        if (opts.collectStdout !== false) stdout += s
        if (s) opts.onStdout?.(s)
      })
      ch.stderr.on('data', (d: Buffer) => {
        let s = err.write(d)
        if (pid === null) {
          // The wrapper's first stderr line is the pid; everything after belongs to the command.
          pending += s
          const nl = pending.indexOf('\n')
          if (nl < 0) return
          const first = pending.slice(0, nl)
          s = pending.slice(nl + 1)
          pending = ''
          pid = first.startsWith(PID_MARK) ? Number(first.slice(PID_MARK.length)) : -1
          if (pid === -1) s = `${first}\n${s}`
        }
        stderr += s
        if (s) opts.onStderr?.(s)
      })
      // How the command ended comes with 'close' (ssh2 repeats the exit status there), never from
      // 'exit': a fast command's 'exit' fires in the same TCP read that opened its channel, before
      // this code runs, while 'close' waits until the output above has been read.
      ch.on('close', (code?: number | null, sig?: string) => {
        const exitCode = typeof code === 'number' ? code : null
        const signal = sig || undefined
        clearTimeout(timer)
        opts.signal?.removeEventListener('abort', onAbort)
        const tailOut = out.end()
        const tailErr = err.end() + pending
        stdout += tailOut
        stderr += tailErr
        if (tailOut) opts.onStdout?.(tailOut)
        if (tailErr) opts.onStderr?.(tailErr)
        const durationMs = Date.now() - started
        // The caller hears of the command once its audit line is written (or could not be).
        const settle = (outcome: AuditRecord['outcome'], done: () => void) =>
          void this.record({ purpose, command: shown, sudo, exitCode, signal, outcome, durationMs }, opts.audit?.context).then(done, done)
        if (stop) return settle(stop, () => reject(this.stopped(stop!, shown, stdout, stderr, started, opts.timeoutMs)))
        if (exitCode === null && !signal) {
          // sshd always reports how a command ended; without that, the result would be a guess.
          const lost = this.conn.closed
          return settle('error', () =>
            reject(
              lost
                ? new AppError({ code: 'ssh.connection-lost', message: t`The connection to ${this.host} was lost while running: ${shown}`, host: this.host, command: shown })
                : new AppError({
                    code: 'ssh.no-exit-status',
                    message: t`${this.host} closed the channel of "${shown}" without saying how it ended.`,
                    host: this.host,
                    command: shown,
                    data: { stdout: stdout.slice(-4000), stderr: stderr.slice(-4000) }
                  })
            )
          )
        }
        settle('exit', () => resolve({ command: shown, exitCode, ...(signal ? { signal } : {}), stdout, stderr, durationMs }))
      })
      if (opts.stdin !== undefined) ch.end(opts.stdin)
      else ch.end()
    })
  }

  /**
   * TERM to the command's process group (as root when it runs as root), KILL if it is still there
   * a moment later. `kill -SIG -PGID`: dash's kill takes no `--`.
   */
  private async killGroup(pid: number | null, sudo: SudoAccess | null): Promise<void> {
    if (!pid || pid <= 1 || this.conn.closed) return
    const kill = (sig: string) =>
      this.conn.exec(shell(sh`kill -${sig} -${pid} 2>/dev/null || kill -${sig} ${pid} 2>/dev/null; true`, sudo).text).then(
        (ch) =>
          new Promise<void>((done) => {
            ch.on('close', () => done())
            ch.stderr.resume()
            ch.resume()
            ch.end(stdinFor(sudo, undefined))
          }),
        () => undefined
      )
    await kill('TERM')
    setTimeout(() => void kill('KILL'), KILL_GRACE_MS).unref()
  }

  private stopped(why: 'timeout' | 'cancelled', command: string, stdout: string, stderr: string, started: number, timeoutMs?: number): AppError {
    return why === 'timeout'
      ? new AppError({
          code: 'ssh.command-timeout',
          message: t`${command} on ${this.host} did not finish within ${Math.round((timeoutMs ?? 0) / 100) / 10} s and was stopped.`,
          host: this.host,
          command,
          data: { stdout: stdout.slice(-4000), stderr: stderr.slice(-4000), durationMs: Date.now() - started }
        })
      : new AppError({
          code: 'ssh.command-cancelled',
          message: t`${command} on ${this.host} was cancelled and stopped.`,
          host: this.host,
          command,
          data: { stdout: stdout.slice(-4000), stderr: stderr.slice(-4000), durationMs: Date.now() - started }
        })
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpChannel ??= this.conn.sftp().then(
      (sftp) => {
        sftp.once('close', () => (this.sftpChannel = null))
        return sftp
      },
      (e: unknown) => {
        this.sftpChannel = null
        throw e
      }
    )
    return this.sftpChannel
  }

  private async remoteSha256(path: string, signal?: AbortSignal): Promise<string> {
    // coreutils' sha256sum does not use the CPU's SHA instructions; OpenSSL does, at a fifth of
    // the CPU time, which matters on a busy control-plane node. Reading stdin spares both tools
    // from a path that looks like an option.
    const r = await this.run(sh`if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r < ${path}; else sha256sum < ${path}; fi`, {
      signal,
      audit: { purpose: 'transfer: check sha256' }
    })
    const sum = /^([0-9a-f]{64})\b/.exec(r.stdout)?.[1]
    if (r.exitCode !== 0 || !sum) {
      throw new AppError({
        code: 'ssh.transfer',
        message: t`Could not compute the sha256 of ${path} on ${this.host}: ${r.stderr.trim() || `the hash command exited with ${r.exitCode}`}`,
        host: this.host,
        command: r.command,
        hint: t`Check that the file exists and is readable by the ssh user, and that openssl or sha256sum (coreutils) is installed.`
      })
    }
    return sum
  }

  async upload(localPath: string, remotePath: string, opts: { onProgress?(sent: number, total: number): void; mode?: number; signal?: AbortSignal } = {}): Promise<TransferResult> {
    const started = Date.now()
    const command = `sftp put ${localPath} → ${remotePath}`
    const tmp = `${remotePath}.kubedeck-${randomBytes(4).toString('hex')}.part`
    let sftp: SFTPWrapper | null = null
    try {
      sftp = await this.sftp()
      const sent = await sftpUpload(sftp, localPath, tmp, {
        onProgress: opts.onProgress,
        signal: opts.signal,
        cancelled: () => new AppError({ code: 'ssh.command-cancelled', message: t`Upload of ${localPath} to ${this.host} was cancelled.`, host: this.host })
      }).catch((e: NodeJS.ErrnoException) => {
        // Only a local problem has an errno code; the server's answers have numeric SFTP codes.
        throw typeof e.code === 'string' && e.syscall ? new AppError({ code: 'ssh.transfer', message: t`Cannot read ${localPath}: ${e.message}`, file: localPath }) : e
      })
      const remote = await this.remoteSha256(tmp, opts.signal)
      if (remote !== sent.sha256) {
        throw new AppError({
          code: 'ssh.transfer-checksum',
          message: t`Upload of ${localPath} to ${this.host}:${remotePath} arrived damaged (sha256 ${remote} instead of ${sent.sha256}); nothing was replaced.`,
          host: this.host,
          file: localPath
        })
      }
      const s = sftp
      if (opts.mode !== undefined) await new Promise<void>((r, j) => s.chmod(tmp, opts.mode!, (e) => (e ? j(e) : r())))
      await new Promise<void>((resolve, reject) =>
        // posix-rename replaces an existing file in one step; plain SFTP rename refuses to.
        s.ext_openssh_rename(tmp, remotePath, (e) => (e ? s.rename(tmp, remotePath, (e2) => (e2 ? reject(e2) : resolve())) : resolve()))
      )
      await this.record({ purpose: 'upload', command, sudo: false, exitCode: 0, outcome: 'exit', durationMs: Date.now() - started, sha256: sent.sha256, bytes: sent.bytes })
      return sent
    } catch (e) {
      const s = sftp
      if (s) await new Promise<void>((r) => s.unlink(tmp, () => r()))
      await this.record({ purpose: 'upload', command, sudo: false, exitCode: null, outcome: opts.signal?.aborted ? 'cancelled' : 'error', durationMs: Date.now() - started })
      if (isAppError(e)) throw e
      throw new AppError({
        code: 'ssh.transfer',
        message: t`Upload of ${localPath} to ${this.host}:${remotePath} failed: ${(e as Error).message}`,
        host: this.host,
        file: localPath
      })
    }
  }

  async download(remotePath: string, localPath: string, opts: { onProgress?(got: number, total: number): void; signal?: AbortSignal } = {}): Promise<TransferResult> {
    const started = Date.now()
    const command = `sftp get ${remotePath} → ${localPath}`
    const tmp = join(dirname(localPath), `.${basename(localPath)}.kubedeck-${randomBytes(4).toString('hex')}.part`)
    // The host hashes its copy while the bytes travel (and are hashed here as they arrive).
    const expected = this.remoteSha256(remotePath, opts.signal)
    expected.catch(() => undefined)
    try {
      const got = await sftpDownload(await this.sftp(), remotePath, tmp, {
        onProgress: opts.onProgress,
        signal: opts.signal,
        cancelled: () => new AppError({ code: 'ssh.command-cancelled', message: t`Download of ${remotePath} from ${this.host} was cancelled.`, host: this.host })
      }).catch(async (e: unknown) => {
        // When the host could not hash the file either, its sha256sum says why in the host's words.
        await expected
        throw e
      })
      const sum = await expected
      if (got.sha256 !== sum) {
        throw new AppError({
          code: 'ssh.transfer-checksum',
          message: t`Download of ${this.host}:${remotePath} arrived damaged or changed while it was copied (sha256 ${got.sha256} instead of ${sum}); ${localPath} was not written.`,
          host: this.host,
          file: localPath
        })
      }
      await renameIntoPlace(tmp, localPath)
      await this.record({ purpose: 'download', command, sudo: false, exitCode: 0, outcome: 'exit', durationMs: Date.now() - started, sha256: got.sha256, bytes: got.bytes })
      return got
    } catch (e) {
      await rm(tmp, { force: true })
      await this.record({ purpose: 'download', command, sudo: false, exitCode: null, outcome: opts.signal?.aborted ? 'cancelled' : 'error', durationMs: Date.now() - started })
      if (isAppError(e)) throw e
      throw new AppError({ code: 'ssh.transfer', message: t`Download of ${this.host}:${remotePath} failed: ${(e as Error).message}`, host: this.host, file: localPath })
    }
  }

  /** The SSH user is root: commands need no sudo. */
  get isRoot(): boolean {
    return this.conn.options.user === 'root'
  }

  close(): void {
    this.sudoAccess = null
    this.conn.close()
  }
}
