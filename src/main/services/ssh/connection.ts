// Opening one SSH connection the way `ssh HOST` would: the config resolved for the target,
// the transport (TCP, a ProxyJump chain through forwardOut with every hop verified and
// authenticated on its own terms, or a ProxyCommand), host key checking, authentication, and a
// keepalive that reports a dead server within ServerAliveInterval × ServerAliveCountMax.
import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { connect as netConnect, type Socket } from 'node:net'
import { Duplex, PassThrough } from 'node:stream'
import ssh2 from 'ssh2'
import type { ClientChannel, SFTPWrapper } from 'ssh2'
import { AppError, isAppError } from '../../../shared/errors'
import type { FileHistory } from '../files'
import { Authenticator } from './auth'
import { percentExpand, type SshOptions } from './config'
import { HandshakeDeadline } from './handshake-deadline'
import { checkServerHostKey, hostKeyAlgorithms, type HostKeyVerdict } from './host-key-check'
import { KeyChain } from './identities'
import { knownHostsName, knownKeyTypes } from './known-hosts'
import { SecretPrompter } from './secrets'
import { aliveIntervalSec, resolveTarget, sshEnvironment, toResolvedSettings, type SshConfigSource } from './settings'
import type { ResolvedSshSettings, SshTarget } from '../../../shared/model/ssh'
import type { ExecOptions, SecretVault, ShellOptions, SshConnection, SshConnectionEvent, SshInteraction } from './types'
import { t, verbatim, type Sentence } from '../../../shared/error-messages'

const { Client } = ssh2

/** Limit for the TCP connect, and again for the handshake up to a login, when the config sets no ConnectTimeout. */
export const DEFAULT_CONNECT_TIMEOUT_SEC = 30
const MAX_JUMP_DEPTH = 8

export interface ConnectDeps {
  interaction: SshInteraction
  vault: SecretVault
  config?: SshConfigSource
  /** Keeps known_hosts versions so "trust and save" can be undone. */
  history?: FileHistory
}

export class SshClientConnection extends EventEmitter implements SshConnection {
  readonly settings: ResolvedSshSettings
  private isClosed = false
  private watchdog: NodeJS.Timeout | undefined
  private lastActivity = Date.now()

  constructor(
    private readonly client: InstanceType<typeof Client>,
    readonly options: SshOptions,
    readonly route: string[],
    readonly authMethod: string,
    readonly hostKeyFingerprint: string,
    readonly serverVersion: string,
    private readonly transport: Duplex,
    private readonly parent: SshClientConnection | null,
    private readonly proxyProcess: ChildProcess | null,
    readonly warnings: string[]
  ) {
    super()
    this.settings = toResolvedSettings(options)
    client.on('close', () => this.finish())
    // ssh2 reports every later problem as 'error'; the connection ends with 'close' anyway.
    client.on('error', () => undefined)
    parent?.once('keepalive-timeout', () => this.lost())
    parent?.once('close', () => this.close())
    this.startWatchdog()
  }

  get closed(): boolean {
    return this.isClosed
  }

  /** Any byte from the server proves it alive; silence for interval × count means it is gone. */
  private startWatchdog(): void {
    const interval = aliveIntervalSec(this.options)
    if (interval <= 0) return
    const limitMs = interval * Math.max(1, this.options.serverAliveCountMax) * 1000
    this.transport.on('data', () => (this.lastActivity = Date.now()))
    const check = () => {
      const left = this.lastActivity + limitMs - Date.now()
      if (left <= 0) return this.lost()
      this.watchdog = setTimeout(check, left)
    }
    this.watchdog = setTimeout(check, limitMs)
  }

  private lost(): void {
    if (this.isClosed) return
    this.emit('keepalive-timeout')
    this.transport.destroy()
    this.close()
  }

  private finish(): void {
    if (this.isClosed) return
    this.isClosed = true
    clearTimeout(this.watchdog)
    this.proxyProcess?.kill()
    this.parent?.close()
    this.emit('close')
  }

  close(): void {
    if (this.isClosed) return
    this.client.end()
    // end() waits for the server; a dead one never answers.
    setTimeout(() => {
      this.client.destroy()
      this.finish()
    }, 1000).unref()
  }

  /** Opens something on the connection; a closed connection rejects (never throws), like a failed open. */
  private open<T>(start: (done: (err: Error | undefined, value: T) => void) => void, failure: (err: Error) => AppError): Promise<T> {
    if (this.isClosed) {
      return Promise.reject(new AppError({ code: 'ssh.closed', message: t`The connection to ${this.route.at(-1)} is closed.`, host: this.options.hostname }))
    }
    return new Promise((resolve, reject) => start((err, value) => (err ? reject(failure(err)) : resolve(value))))
  }

  shell(opts: ShellOptions): Promise<ClientChannel> {
    const window = { term: opts.term ?? 'xterm-256color', cols: opts.cols, rows: opts.rows, width: 0, height: 0 }
    return this.open(
      (done) => this.client.shell(window, { env: opts.env ?? {} }, done),
      (err) => channelError(err, 'shell', this.options)
    )
  }

  exec(command: string, opts: ExecOptions = {}): Promise<ClientChannel> {
    const pty = opts.pty === true ? { term: 'xterm-256color' } : opts.pty ? { term: opts.pty.term ?? 'xterm-256color', cols: opts.pty.cols, rows: opts.pty.rows } : undefined
    return this.open(
      (done) => this.client.exec(command, { env: opts.env ?? {}, ...(pty ? { pty } : {}) }, done),
      (err) => channelError(err, command, this.options)
    )
  }

  sftp(): Promise<SFTPWrapper> {
    return this.open(
      (done) => this.client.sftp(done),
      (err) => channelError(err, 'sftp', this.options)
    )
  }

  /** A TCP stream to host:port opened by the server (the next hop of a ProxyJump chain). */
  forwardOut(host: string, port: number): Promise<ClientChannel> {
    return this.open(
      (done) => this.client.forwardOut('127.0.0.1', 0, host, port, done),
      (err) =>
        new AppError({
          code: 'ssh.jump',
          message: t`channel open failed: ${this.route.at(-1)} could not reach ${host}:${port} (${err.message}).`,
          host,
          hint: t`Check that ${this.route.at(-1)} can reach ${host} on port ${port} and that its sshd allows TCP forwarding (AllowTcpForwarding).`
        })
    )
  }

  override on(event: SshConnectionEvent, listener: (...args: unknown[]) => void): this {
    return super.on(event, listener)
  }
  override once(event: SshConnectionEvent, listener: (...args: unknown[]) => void): this {
    return super.once(event, listener)
  }
  override off(event: SshConnectionEvent, listener: (...args: unknown[]) => void): this {
    return super.off(event, listener)
  }
}

function channelError(err: Error, what: string, o: SshOptions): AppError {
  return new AppError({ code: 'ssh.channel', message: t`${o.user}@${o.hostname}: could not open ${what}: ${err.message}`, host: o.hostname })
}

/**
 * The software version from the server's banner, once it arrived. ssh2 keeps it privately; its
 * debug hook (the public way) would format a string for every packet of a terminal flood.
 */
function remoteSoftware(client: InstanceType<typeof Client>): string {
  return (client as unknown as { _remoteVer?: string })._remoteVer ?? ''
}

function hop(o: SshOptions): string {
  return `${o.user}@${o.hostname}:${o.port}`
}

/** The target of the hop a ProxyJump spec connects through (its last entry; earlier ones chain before it). */
function jumpTarget(o: SshOptions): SshTarget {
  const j = o.proxyJump!
  return { host: j.host, user: j.user ?? undefined, port: j.port > 0 ? j.port : undefined, proxyJump: j.extra ?? undefined }
}

function tcpConnect(o: SshOptions, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const family = o.addressFamily === 'inet' ? 4 : o.addressFamily === 'inet6' ? 6 : 0
    const sock = netConnect({ host: o.hostname, port: o.port, family, noDelay: true })
    const fail = (message: string | Sentence, hint?: Sentence) => {
      sock.destroy()
      reject(new AppError({ code: 'ssh.connect', message: t`ssh: connect to host ${o.hostname} port ${o.port}: ${message}`, host: o.hostname, hint }))
    }
    const timer = setTimeout(
      () => fail(t`Connection timed out`, t`Check the address, the port, and that nothing blocks it (ConnectTimeout in ssh config sets the limit).`),
      timeoutMs
    )
    sock.once('connect', () => {
      clearTimeout(timer)
      sock.setKeepAlive(o.tcpKeepAlive)
      resolve(sock)
    })
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      const text =
        e.code === 'ECONNREFUSED'
          ? t`Connection refused`
          : e.code === 'EHOSTUNREACH'
            ? t`No route to host`
            : e.code === 'ENETUNREACH'
              ? t`Network is unreachable`
              : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
                ? t`Could not resolve hostname ${o.hostname}: Name or service not known`
                : e.message
      fail(text, e.code === 'ECONNREFUSED' ? t`Is sshd running on ${o.hostname}:${o.port}?` : undefined)
    })
  })
}

/**
 * The ProxyCommand as ssh runs it: `/bin/sh -c "exec COMMAND"`, with %h %p %r %n expanded as ssh
 * expands them (unquoted: the host and user names were checked by ssh's rules when the target
 * was resolved, so they cannot mean anything to the shell). Its failure is the connection's.
 */
function proxyCommandStream(o: SshOptions, env: NodeJS.ProcessEnv): { stream: Duplex; child: ChildProcess } {
  const command = percentExpand(o.proxyCommand!, { h: o.hostname, p: String(o.port), r: o.user, n: o.hostArg })
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'], env })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-2000)))
  // Writes go through a pass-through: when the proxy dies, its stdin fails with EPIPE, which says
  // nothing; its exit (below) says why, and ends the stream.
  const input = new PassThrough()
  input.pipe(child.stdin!)
  child.stdin!.on('error', () => undefined)
  const stream = Duplex.from({ readable: child.stdout!, writable: input })
  child.on('error', (e) =>
    stream.destroy(new AppError({ code: 'ssh.proxy-command', message: t`ProxyCommand "${command}" could not start: ${e.message}`, host: o.hostname, command }))
  )
  child.on('exit', (code) => {
    if (code) stream.destroy(new AppError({ code: 'ssh.proxy-command', message: t`ProxyCommand "${command}" exited with ${code}: ${stderr.trim()}`, host: o.hostname, command }))
  })
  return { stream, child }
}

/** Opens an authenticated connection to `target` (and its jump hosts). */
export async function openConnection(target: SshTarget, deps: ConnectDeps, depth = 0): Promise<SshClientConnection> {
  if (depth > MAX_JUMP_DEPTH) {
    throw new AppError({ code: 'ssh.jump', message: t`ProxyJump chain to ${target.host} is longer than ${MAX_JUMP_DEPTH} hops; is there a loop?`, host: target.host })
  }
  const env = deps.config?.env ?? process.env
  const o = resolveTarget(target, deps.config)
  const timeoutMs = (o.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_SEC) * 1000

  let transport: Duplex
  let parent: SshClientConnection | null = null
  let proxy: ChildProcess | null = null
  let deadline: HandshakeDeadline
  if (o.proxyJump) {
    parent = await openConnection(jumpTarget(o), deps, depth + 1)
    deadline = new HandshakeDeadline(timeoutMs, o, 'connect', parent.route.at(-1))
    try {
      transport = await Promise.race([parent.forwardOut(o.hostname, o.port), deadline.expired])
    } catch (e) {
      deadline.stop()
      parent.close()
      throw e
    }
    deadline.phase = 'banner exchange'
  } else if (o.proxyCommand) {
    const p = proxyCommandStream(o, env)
    transport = p.stream
    proxy = p.child
    deadline = new HandshakeDeadline(timeoutMs, o, 'banner exchange')
  } else {
    // Each TCP attempt has its own ConnectTimeout (as in ssh); the handshake gets a fresh one.
    let lastError: unknown
    let sock: Socket | null = null
    for (let attempt = 0; attempt < Math.max(1, o.connectionAttempts) && !sock; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 1000))
      sock = await tcpConnect(o, timeoutMs).catch((e: unknown) => ((lastError = e), null))
    }
    if (!sock) throw lastError
    transport = sock
    deadline = new HandshakeDeadline(timeoutMs, o, 'banner exchange')
  }

  // A transport that fails (a ProxyCommand that exits, a jump channel that closes) says why once;
  // the handshake reports that instead of a bare "connection closed", and nothing throws unheard.
  let transportError: unknown = null
  transport.on('error', (e: unknown) => {
    transportError ??= e
  })
  try {
    return await handshake(o, transport, { ...deps, interaction: deadline.pausing(deps.interaction) }, parent, proxy, deadline, () => transportError)
  } catch (e) {
    // A ProxyCommand that died says why when it exits, maybe just after its output ended.
    if (proxy && proxy.exitCode === null && proxy.signalCode === null) await new Promise((r) => (proxy!.once('exit', r), setTimeout(r, 500).unref()))
    transport.destroy()
    proxy?.kill()
    parent?.close()
    if (isAppError(transportError) && transportError.info.code === 'ssh.proxy-command') throw transportError
    throw e
  } finally {
    deadline.stop()
  }
}

async function handshake(
  o: SshOptions,
  transport: Duplex,
  deps: ConnectDeps,
  parent: SshClientConnection | null,
  proxy: ChildProcess | null,
  deadline: HandshakeDeadline,
  transportError: () => unknown
): Promise<SshClientConnection> {
  const env = deps.config?.env ?? process.env
  const home = sshEnvironment(env).home
  const secrets = new SecretPrompter(deps.interaction, deps.vault, o.batchMode, o.numberOfPasswordPrompts)
  const keys = new KeyChain({ options: o, env, home, secrets, host: o.hostname, user: o.user })
  const auth = new Authenticator(o, keys, secrets, deps.interaction)
  const knownTypes = await knownKeyTypes({ user: o.userKnownHostsFiles, global: o.globalKnownHostsFiles }, knownHostsName(o.hostname, o.port, o.hostKeyAlias))
  const client = new Client()
  const interval = aliveIntervalSec(o)
  const route = [...(parent?.route ?? []), hop(o)]

  let verdict: HostKeyVerdict | null = null
  let hostKeyError: unknown = null
  let serverVersion = ''
  return new Promise<SshClientConnection>((resolve, reject) => {
    let settled = false
    const fail = (e: unknown) => {
      if (settled) return
      settled = true
      client.removeAllListeners('ready')
      client.on('error', () => undefined)
      client.destroy()
      reject(e)
    }
    let keysExchanged = false
    deadline.phase = () => (keysExchanged ? 'authentication' : remoteSoftware(client) ? 'key exchange' : 'banner exchange')
    deadline.expired.catch(fail)
    // A transport that fails before the login (a ProxyCommand that exits) ends the attempt at once.
    const transportFailed = (e: unknown) =>
      fail(isAppError(e) ? e : new AppError({ code: 'ssh.connect', message: t`Connection to ${o.hostname} port ${o.port} failed: ${(e as Error).message}`, host: o.hostname }))
    transport.once('error', transportFailed)
    // It may have failed already, while the known_hosts files were read.
    if (transportError()) return transportFailed(transportError())
    if (transport.destroyed)
      return fail(new AppError({ code: 'ssh.connect', message: t`Connection to ${o.hostname} port ${o.port} closed before the SSH handshake.`, host: o.hostname }))
    client.once('handshake', () => {
      keysExchanged = true
      serverVersion = remoteSoftware(client)
    })
    client.on('error', (err: Error & { level?: string }) => {
      if (settled) return
      // A key the person would not unlock, or an agent hiccup: ssh2 moves on to the next key.
      if (err.level === 'agent') return
      if (hostKeyError) return fail(hostKeyError)
      if (isAppError(transportError())) return fail(transportError())
      if (err.level === 'client-authentication') {
        return fail(
          new AppError({
            code: 'ssh.auth-failed',
            message: auth.deniedMessage(),
            host: o.hostname,
            hint: t`Tried: ${auth.triedSummary().join('; ')}`,
            data: { tried: auth.triedSummary(), serverMethods: auth.serverMethods }
          })
        )
      }
      if (err.level === 'client-timeout') return fail(new AppError({ code: 'ssh.connect', message: t`Connection to ${o.hostname} port ${o.port} timed out.`, host: o.hostname }))
      fail(
        new AppError({
          code: 'ssh.connect',
          message: t`Connection to ${o.hostname} port ${o.port} failed: ${err.message}`,
          host: o.hostname,
          hint: /handshake|kex|algorithm/i.test(err.message) ? t`The server and Kubedeck share no key exchange, cipher or host key algorithm.` : undefined
        })
      )
    })
    client.on('close', () =>
      fail(hostKeyError ?? transportError() ?? new AppError({ code: 'ssh.connect', message: t`Connection closed by ${o.hostname} port ${o.port}.`, host: o.hostname }))
    )
    client.once('ready', () => {
      if (settled) return
      settled = true
      client.removeAllListeners('close')
      client.removeAllListeners('error')
      // Remembering a password is best effort: the login itself succeeded.
      auth.succeeded().catch(() => undefined)
      const conn = new SshClientConnection(client, o, route, auth.lastMethod ?? 'none', verdict?.fingerprint ?? '', serverVersion, transport, parent, proxy, [
        ...o.warnings,
        ...(verdict?.warnings ?? []),
        ...keys.warnings
      ])
      resolve(conn)
    })
    client.connect({
      sock: transport as unknown as Socket,
      username: o.user,
      readyTimeout: 0,
      keepaliveInterval: interval > 0 ? (o.serverAliveCountMax <= 1 ? interval * 500 : interval * 1000) : 0,
      // Kubedeck's watchdog decides when the server is gone; ssh2 only sends the pings.
      keepaliveCountMax: 1_000_000,
      algorithms: { serverHostKey: hostKeyAlgorithms(knownTypes) as never },
      authHandler: auth.handler,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        checkServerHostKey(key, o, deps.interaction, deps.history).then(
          (v) => {
            verdict = v
            verify(true)
          },
          (e: unknown) => {
            hostKeyError = isAppError(e) ? e : new AppError({ code: 'ssh.host-key', message: verbatim(String(e)), host: o.hostname })
            verify(false)
          }
        )
      }
    } as never)
  })
}
