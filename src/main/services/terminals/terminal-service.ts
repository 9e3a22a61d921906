// Every terminal of this process: opens the three kinds, routes input, resizes and
// acknowledgements to them, and ties each to the window showing it. When a window goes away
// (page reload, closed tab) its terminals are detached, paused, and kept for a grace period so
// the reloaded page can attach them again; after that they are closed.
import { homedir } from 'node:os'
import type { KubeConfig } from '@kubernetes/client-node'
import { AppError } from '../../../shared/errors'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { SshTarget } from '../../../shared/model/ssh'
import type { ExecTarget, TerminalInfo, TerminalListing, TerminalSize } from '../../../shared/model/terminals'
import type { SshConnection, SshInteraction } from '../ssh'
import { PrivateKubeconfigs, type MinifiedKubeconfigWriter } from './private-kubeconfigs'
import { defaultShell, openLocalShell } from './sources/local-shell'
import { DEFAULT_SHELL, listExecTargets, openPodExec, resolveContainer } from './sources/pod-exec'
import { openSshShell } from './sources/ssh-shell'
import { TerminalSession, defaultTuning, type SessionDescription, type SessionTuning } from './terminal-session'
import type { SourceOpener, TerminalViewer } from './types'
import { t } from '../../../shared/error-messages'

export interface TerminalServiceDeps {
  /** A client-node KubeConfig whose current context is `context` (credentials resolved in main). */
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  /** Writes a standalone (minified, flattened) kubeconfig of one context to a new file. */
  writeMinifiedKubeconfig: MinifiedKubeconfigWriter
  /** Connects through the SSH service, asking `asker` about host keys and secrets. */
  connectSsh(target: SshTarget, asker: SshInteraction): Promise<SshConnection>
  /** The environment local shells start from. */
  env: NodeJS.ProcessEnv
  tuning?: SessionTuning
  /** How long a terminal without a window is kept (default 2 minutes). */
  detachGraceMs?: number
  /** Where private kubeconfig folders are made (default: the OS temp folder). */
  tempRoot?: string
}

export interface OpenSize extends TerminalSize {
  id: string
}

export class TerminalService {
  private readonly sessions = new Map<string, TerminalSession>()
  private readonly expiry = new Map<string, NodeJS.Timeout>()
  private readonly knownClients = new Set<string>()
  private readonly kubeconfigs: PrivateKubeconfigs
  private readonly tuning: SessionTuning
  private readonly detachGraceMs: number

  constructor(private readonly deps: TerminalServiceDeps) {
    this.kubeconfigs = new PrivateKubeconfigs(deps.writeMinifiedKubeconfig, deps.tempRoot)
    this.tuning = deps.tuning ?? defaultTuning
    this.detachGraceMs = deps.detachGraceMs ?? 120_000
  }

  list(viewer?: Pick<TerminalViewer, 'id'>): TerminalListing[] {
    return [...this.sessions.values()].map((s) => ({ ...s.snapshot(), yours: viewer !== undefined && s.ownerId === viewer.id }))
  }

  /** The live session (tests and the benchmark inspect its flow-control state). */
  session(id: string): TerminalSession {
    const session = this.sessions.get(id)
    if (!session) {
      throw new AppError({ code: 'terminals.unknown', message: t`There is no terminal ${id}; it was closed.`, hint: t`Open a new terminal.` })
    }
    return session
  }

  openSsh(args: OpenSize & { target: SshTarget; context?: ContextRef; name?: string }, viewer: TerminalViewer): Promise<TerminalInfo> {
    const { target } = args
    // In ssh's own notation: user@host:port -J jump.
    const detail = `${target.user ? `${target.user}@` : ''}${target.host}${target.port ? `:${target.port}` : ''}${target.proxyJump ? ` -J ${target.proxyJump}` : ''}`
    const host = args.name ?? target.host
    // The pty is asked for once connected, with the pane's size then (it fitted itself meanwhile).
    const opener: SourceOpener = async (_size, asker, currentSize) => {
      const connection = await this.deps.connectSsh(target, asker)
      return openSshShell(connection, { size: currentSize(), host })
    }
    return this.open({ id: args.id, kind: 'ssh', host, detail, context: args.context }, args, opener, viewer)
  }

  async openPod(args: OpenSize & { context: ContextRef; namespace: string; pod: string; container?: string; command?: string[] }, viewer: TerminalViewer): Promise<TerminalInfo> {
    this.checkFreeId(args.id)
    const kubeConfig = await this.deps.kubeConfigFor(args.context)
    const container = await resolveContainer(kubeConfig, args.context.name, args.namespace, args.pod, args.container)
    const command = args.command ?? DEFAULT_SHELL
    const opener: SourceOpener = async (size) =>
      openPodExec({ kubeConfig: await this.deps.kubeConfigFor(args.context), contextName: args.context.name, namespace: args.namespace, pod: args.pod, container, command, size })
    const detail = `${args.namespace}/${args.pod} (${container})${args.command ? `: ${args.command.join(' ')}` : ''}`
    return this.open({ id: args.id, kind: 'pod', host: `${args.pod}/${container}`, detail, context: args.context }, args, opener, viewer)
  }

  openLocal(args: OpenSize & { context: ContextRef }, viewer: TerminalViewer): Promise<TerminalInfo> {
    const env = this.deps.env
    const opener: SourceOpener = async (size) => {
      const kubeconfig = await this.kubeconfigs.create(args.context)
      try {
        // KUBEDECK_CONTEXT names the pinned context for the user's prompt (e.g. PS1='[$KUBEDECK_CONTEXT] \w $ ').
        return openLocalShell({
          size,
          env: { ...env, KUBECONFIG: kubeconfig.path, KUBEDECK_CONTEXT: args.context.name },
          cwd: env.HOME || homedir(),
          cleanup: kubeconfig.dispose
        })
      } catch (e) {
        kubeconfig.dispose()
        throw e
      }
    }
    return this.open({ id: args.id, kind: 'local', host: 'local', detail: defaultShell(env), context: args.context }, args, opener, viewer)
  }

  async execTargets(context: ContextRef, namespace: string): Promise<ExecTarget[]> {
    return listExecTargets(await this.deps.kubeConfigFor(context), context.name, namespace)
  }

  attach(id: string, size: TerminalSize, viewer: TerminalViewer): TerminalInfo {
    const session = this.session(id)
    this.watchClient(viewer)
    this.cancelExpiry(id)
    return session.attach(viewer, size)
  }

  write(id: string, data: string, viewer: TerminalViewer): void {
    this.owned(id, viewer).write(data)
  }

  resize(id: string, size: TerminalSize, viewer: TerminalViewer): void {
    this.owned(id, viewer).resize(size)
  }

  /** Acknowledgements from a window that no longer shows the session are stale: ignored. */
  acknowledge(id: string, units: number, viewer: TerminalViewer): void {
    const session = this.sessions.get(id)
    if (session && session.ownerId === viewer.id) session.acknowledge(units)
  }

  reconnect(id: string, size: TerminalSize, viewer: TerminalViewer): Promise<TerminalInfo> {
    return this.owned(id, viewer).reconnect(viewer.asker, size)
  }

  closeSession(id: string): void {
    const session = this.sessions.get(id)
    if (!session) return
    this.cancelExpiry(id)
    this.sessions.delete(id)
    session.close()
  }

  /** Closes every terminal and removes every private kubeconfig (app exit). */
  async close(): Promise<void> {
    for (const id of [...this.sessions.keys()]) this.closeSession(id)
    this.kubeconfigs.disposeAll()
  }

  /** Private kubeconfig folders that exist right now (tests check they are removed). */
  get privateKubeconfigDirs(): string[] {
    return this.kubeconfigs.live
  }

  private async open(description: SessionDescription, size: OpenSize, opener: SourceOpener, viewer: TerminalViewer): Promise<TerminalInfo> {
    this.checkFreeId(description.id)
    this.watchClient(viewer)
    const session = new TerminalSession(description, { cols: size.cols, rows: size.rows }, opener, viewer, this.tuning)
    this.sessions.set(description.id, session)
    return session.start(viewer.asker)
  }

  private checkFreeId(id: string): void {
    if (this.sessions.has(id)) throw new AppError({ code: 'terminals.id-taken', message: t`A terminal with id ${id} is already open.` })
  }

  private owned(id: string, viewer: TerminalViewer): TerminalSession {
    const session = this.session(id)
    if (session.ownerId !== viewer.id) {
      throw new AppError({
        code: 'terminals.not-attached',
        message: t`This terminal is shown in another window.`,
        hint: t`Attach it here first (it then leaves the other window).`
      })
    }
    return session
  }

  private watchClient(viewer: TerminalViewer): void {
    if (this.knownClients.has(viewer.id)) return
    this.knownClients.add(viewer.id)
    viewer.onGone(() => {
      this.knownClients.delete(viewer.id)
      for (const session of this.sessions.values()) {
        if (session.ownerId !== viewer.id) continue
        session.detach()
        this.expiry.set(
          session.id,
          setTimeout(() => this.closeSession(session.id), this.detachGraceMs)
        )
      }
    })
  }

  private cancelExpiry(id: string): void {
    const timer = this.expiry.get(id)
    if (timer) clearTimeout(timer)
    this.expiry.delete(id)
  }
}
