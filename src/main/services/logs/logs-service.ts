// The log viewers' service: sessions over pods (one, several, a workload's, a selector's — new
// pods joined while following) through the API, and over a host's journal or files through
// SSH. The app's windows and `kubedeck logs` share it; each session streams to one sink.
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { randomUUID } from 'node:crypto'
import type { KubeConfig, V1Pod } from '@kubernetes/client-node'
import type { LogOptions, LogSessionInfo, LogTarget, NodeLogTarget, PodLogTarget } from '../../../shared/model/logs'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { SshTarget } from '../../../shared/model/ssh'
import { AppError, toErrorInfo } from '../../../shared/errors'
import { clientNode } from '../kube'
import type { HostSession, SshInteraction } from '../ssh'
import { openLog } from './api-log'
import { ContainerLogStream } from './container-stream'
import { splitTimestamp, timeKey } from './timestamps'
import { LogSession, type LogSink } from './log-session'
import { NodeLineParser, nodeLogCommand, LIST_POD_LOGS, parsePodLogFolders } from './node-source'
import { byLogging, containerNow, containersOf, parseWorkload, workloadSelector } from './pods'
import { t } from '../../../shared/error-messages'

export interface LogsServiceDeps {
  dataDir: string
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  openSession(target: SshTarget, o: { context?: string; purpose: string; signal?: AbortSignal; asker?: SshInteraction }): Promise<HostSession>
}

export interface OpenOptions {
  /** Streams at once; more is refused (kubectl's --max-log-requests). */
  maxStreams?: number
  asker?: SshInteraction
  /** The session's sink closes with its owner (a window going away). */
  onClosed?(): void
}

const DEFAULT_MAX_STREAMS = 50

/** The lines a session spooled (`time TAB source TAB text`), in the order they were shown. */
async function* spooled(file: string): AsyncGenerator<{ t: string; s: number; text: string }> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })
  for await (const raw of rl) {
    const a = raw.indexOf('\t')
    const b = raw.indexOf('\t', a + 1)
    yield { t: raw.slice(0, a), s: Number(raw.slice(a + 1, b)), text: raw.slice(b + 1) }
  }
}

/** The API's resource names, as kubectl words a NotFound. */
const RESOURCE: Record<string, string> = {
  deployment: 'deployments.apps',
  statefulset: 'statefulsets.apps',
  daemonset: 'daemonsets.apps',
  replicaset: 'replicasets.apps',
  job: 'jobs.batch',
  service: 'services'
}
const notFound = (resource: string, name: string, namespace: string) =>
  new AppError({ code: 'logs.not-found', message: t`error from server (NotFound): ${resource} "${name}" not found in namespace "${namespace}"` })

interface Entry {
  info: LogSessionInfo
  session: LogSession
  spool: string
  close(): void
}

export class LogsService {
  private readonly sessions = new Map<string, Entry>()
  private readonly spoolDir: string

  constructor(private readonly deps: LogsServiceDeps) {
    this.spoolDir = join(deps.dataDir, 'log-spool')
  }

  async open(target: LogTarget, options: LogOptions, sink: LogSink, o: OpenOptions = {}): Promise<LogSessionInfo> {
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 })
    const id = randomUUID()
    const spool = join(this.spoolDir, `${id}.log`)
    const session = new LogSession(sink, { follow: !!options.follow, spoolFile: spool })
    const info: LogSessionInfo = { id, title: '', target, options, sources: session.sources, notes: [] }
    const cleanups: (() => void)[] = []
    const entry: Entry = {
      info,
      session,
      spool,
      close: () => {
        cleanups.forEach((c) => c())
        session.close()
        void rm(spool, { force: true })
      }
    }
    try {
      if (target.kind === 'pods') await this.openPods(target, options, session, info, cleanups, o)
      else await this.openNode(target, options, session, info, cleanups, o)
    } catch (e) {
      entry.close()
      throw e
    }
    this.sessions.set(id, entry)
    return info
  }

  session(id: string): LogSession | undefined {
    return this.sessions.get(id)?.session
  }

  acknowledge(id: string, units: number): void {
    this.sessions.get(id)?.session.acknowledge(units)
  }

  close(id: string): void {
    this.sessions.get(id)?.close()
    this.sessions.delete(id)
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id)
  }

  /**
   * Writes everything the session received (not only what a viewer still holds) to `path`, as
   * kubectl prints it: with `timestamps`, each line after its time; with `prefix`, after
   * `[pod/NAME/CONTAINER]`. Refuses to replace an existing file.
   */
  async save(id: string, path: string, f: { timestamps?: boolean; prefix?: boolean; full?: boolean } = {}): Promise<{ path: string; lines: number; bytes: number }> {
    const e = this.sessions.get(id)
    if (!e) throw new AppError({ code: 'logs.no-session', message: t`This log view is closed: nothing to save.` })
    if (f.full && e.info.target.kind !== 'pods') throw new AppError({ code: 'logs.full-pods-only', message: t`The whole current log is read through the API: for pod logs only.` })
    if (!path.startsWith('/'))
      throw new AppError({ code: 'input.invalid', message: t`${path} is not an absolute path.`, hint: t`Give the whole path of the file to write, e.g. /home/you/web.log.` })
    if (await stat(path).catch(() => null))
      throw new AppError({
        code: 'logs.exists',
        message: t`${path} exists; nothing was written.`,
        file: path,
        hint: t`Choose another name (Kubedeck does not replace files it did not write).`
      })
    const tmp = `${path}.kubedeck-${process.pid}.tmp`
    const out = await open(tmp, 'wx', 0o600)
    let lines = 0
    let bytes = 0
    try {
      const labels = e.session.sources.map((s) => s.label)
      let chunk = ''
      for await (const { t, s, text } of f.full ? this.currentLogs(e) : spooled(e.spool)) {
        const line = `${f.prefix ? `[${labels[s] ?? s}] ` : ''}${f.timestamps && t ? `${t} ` : ''}${text}\n`
        chunk += line
        lines++
        if (chunk.length > 1 << 20) {
          bytes += (await out.write(chunk)).bytesWritten
          chunk = ''
        }
      }
      bytes += (await out.write(chunk)).bytesWritten
      await out.sync()
      await out.close()
      await rename(tmp, path)
    } catch (err) {
      await out.close().catch(() => undefined)
      await rm(tmp, { force: true })
      throw err
    }
    return { path, lines, bytes }
  }

  /**
   * Every source's whole current log, read again through the API (not only what the session
   * received: the part before its --tail or --since too), merged in timestamp order.
   */
  private async *currentLogs(e: Entry): AsyncGenerator<{ t: string; s: number; text: string }> {
    const target = e.info.target as PodLogTarget
    const kc = await this.deps.kubeConfigFor(target.context)
    const all: { t: string; s: number; text: string; key: string }[] = []
    for (const src of e.session.sources) {
      if (!src.pod || !src.container) continue
      const res = await openLog(
        kc,
        { namespace: target.namespace, pod: src.pod, container: src.container },
        { previous: e.info.options.previous },
        new AbortController().signal
      ).catch(() => null)
      if (!res) continue
      let text = ''
      for await (const chunk of res) text += (chunk as Buffer).toString('utf8')
      for (const raw of text.split('\n')) {
        if (!raw) continue
        const l = splitTimestamp(raw)
        all.push({ t: l.t, s: src.index, text: l.text, key: timeKey(l.t) })
      }
    }
    // Stable: each source's own order is kept among equal times.
    all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.s - b.s))
    yield* all
  }

  /**
   * The pod kubectl reads for `TYPE/NAME` (the first in its ByLogging order), with how many the
   * workload has; and, for a pod read without -c, kubectl's "Defaulted container" note.
   */
  async kubectlChoice(context: ContextRef, namespace: string, ref: string): Promise<{ pod: string; of: number; containers: string[]; defaultedNote?: string }> {
    const kc = await this.deps.kubeConfigFor(context)
    const { CoreV1Api } = await clientNode()
    const core = kc.makeApiClient(CoreV1Api)
    const w = parseWorkload(ref)
    let pods: V1Pod[]
    if (!w || w.kind === 'pod') {
      const name = w?.name ?? ref
      const p = await core.readNamespacedPod({ namespace, name }).catch((e: { code?: number }) => {
        throw e.code === 404 ? notFound('pods', name, namespace) : e
      })
      pods = [p]
    } else {
      const selector = await workloadSelector(kc, namespace, w).catch((e: { code?: number }) => {
        throw e.code === 404 ? notFound(RESOURCE[w.kind] ?? w.kind, w.name, namespace) : e
      })
      pods = (await core.listNamespacedPod({ namespace, labelSelector: selector })).items.sort(byLogging)
      if (!pods.length) throw new AppError({ code: 'logs.no-pods', message: t`error: ${ref} has no pods` })
    }
    return { pod: pods[0].metadata!.name!, of: pods.length, containers: containersOf(pods[0]).all, defaultedNote: containersOf(pods[0]).defaultedNote }
  }

  /** Pods whose log folders a host keeps (every pod that started a container there, API or not). */
  async nodePodLogs(host: SshTarget, o: { context?: string; asker?: SshInteraction } = {}) {
    const s = await this.deps.openSession(host, { context: o.context, purpose: 'pod log folders', asker: o.asker })
    try {
      const r = await s.run(LIST_POD_LOGS, { sudo: true, timeoutMs: 30_000 })
      return parsePodLogFolders(r.stdout)
    } finally {
      s.close()
    }
  }

  private async openPods(target: PodLogTarget, options: LogOptions, session: LogSession, info: LogSessionInfo, cleanups: (() => void)[], o: OpenOptions): Promise<void> {
    const kc = await this.deps.kubeConfigFor(target.context)
    const { CoreV1Api, Watch } = await clientNode()
    const core = kc.makeApiClient(CoreV1Api)
    let selector = target.selector
    const workload = target.workload ? parseWorkload(target.workload) : undefined
    const named = [...(target.pods ?? [])]
    if (workload?.kind === 'pod') named.push(workload.name)
    else if (workload)
      selector = await workloadSelector(kc, target.namespace, workload).catch((e: { code?: number }) => {
        throw e.code === 404 ? notFound(RESOURCE[workload.kind] ?? workload.kind, workload.name, target.namespace) : e
      })
    const pods: V1Pod[] = []
    for (const name of named) {
      try {
        pods.push(await core.readNamespacedPod({ namespace: target.namespace, name }))
      } catch (e) {
        if ((e as { code?: number }).code === 404) throw notFound('pods', name, target.namespace)
        throw e
      }
    }
    let resourceVersion: string | undefined
    if (selector) {
      const list = await core.listNamespacedPod({ namespace: target.namespace, labelSelector: selector })
      resourceVersion = list.metadata?.resourceVersion
      for (const p of list.items) if (!pods.some((x) => x.metadata?.name === p.metadata?.name)) pods.push(p)
    }
    info.title = target.workload ?? (selector ? `-l ${selector}` : named.join(', '))
    const started = new Set<string>()
    const max = o.maxStreams ?? DEFAULT_MAX_STREAMS
    const containersFor = (p: V1Pod) => {
      const c = containersOf(p)
      return target.containers === 'all' ? c.all : target.containers?.length ? target.containers.filter((n) => c.all.includes(n) || named.length > 0) : [c.defaultContainer]
    }
    const planned = pods.reduce((n, p) => n + containersFor(p).length, 0)
    if (options.follow && planned > max) {
      throw new AppError({
        code: 'logs.too-many-streams',
        message: t`error: you are attempting to follow ${planned} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`
      })
    }
    const startPod = (p: V1Pod) => {
      const name = p.metadata!.name!
      if (started.has(name)) return
      started.add(name)
      for (const container of containersFor(p)) {
        const index = session.addSource({ label: `pod/${name}/${container}`, pod: name, container })
        const stream = new ContainerLogStream(
          kc,
          { namespace: target.namespace, pod: name, container },
          options,
          {
            lines: (l) => session.lines(index, l),
            connected: () => session.connected(index),
            state: (s, d) => session.state(index, s, d)
          },
          () => containerNow(kc, target.namespace, name, container)
        )
        session.control(stream)
        stream.start()
      }
    }
    pods.forEach(startPod)
    if (!pods.length) info.notes.push(`No resources found in ${target.namespace} namespace.`)
    // Following a selector: pods that appear later join once a container runs; pods that go are marked.
    if (options.follow && selector) {
      const running = (p: V1Pod) => (p.status?.containerStatuses ?? []).some((c) => c.state?.running || c.state?.terminated)
      const req = await new Watch(kc).watch(
        `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods`,
        { labelSelector: selector, ...(resourceVersion ? { resourceVersion } : {}), allowWatchBookmarks: true },
        (type: string, p: V1Pod) => {
          if ((type === 'ADDED' || type === 'MODIFIED') && running(p) && !p.metadata?.deletionTimestamp) startPod(p)
          if (type === 'DELETED') for (const s of session.sources) if (s.pod === p.metadata?.name && s.state !== 'ended') session.state(s.index, 'gone')
        },
        () => undefined
      )
      cleanups.push(() => req.abort())
    }
  }

  private async openNode(target: NodeLogTarget, options: LogOptions, session: LogSession, info: LogSessionInfo, cleanups: (() => void)[], o: OpenOptions): Promise<void> {
    const abort = new AbortController()
    cleanups.push(() => abort.abort())
    const host = await this.deps.openSession(target.host, { context: target.context?.name, purpose: 'node logs', signal: abort.signal, asker: o.asker })
    cleanups.push(() => host.close())
    const src = target.source
    info.title =
      'units' in src ? `${target.label}: ${src.units.join(', ')}` : 'file' in src ? `${target.label}: ${src.file}` : `${target.label}: ${src.pod.namespace}/${src.pod.name}`
    if ('pod' in src) {
      info.notes.push(
        'Read from the files kubelet keeps on the node, rotated ones included: the API serves only the current file (10 MiB by default), these hold up to five times more.'
      )
    }
    const byContainer = new Map<string, number>()
    const sourceFor = (container: string) => {
      const key = 'pod' in src ? container : ''
      let index = byContainer.get(key)
      if (index === undefined) {
        const label = 'units' in src ? `${target.label} ${src.units.join(',')}` : 'file' in src ? `${target.label} ${src.file}` : `${target.label} ${src.pod.name}/${container}`
        index = session.addSource({ label, pod: 'pod' in src ? src.pod.name : undefined, container: container || undefined })
        session.connected(index)
        session.state(index, 'streaming')
        byContainer.set(key, index)
      }
      return index
    }
    if (!('pod' in src)) sourceFor('')
    // A pod's containers show as the command reads their folders: done only once it ended.
    session.hold()
    const parser = new NodeLineParser((lines) => {
      for (const l of lines) session.lines(sourceFor(l.container), [l])
    })
    const command = nodeLogCommand({
      source: src,
      lines: options.tailLines,
      follow: options.follow,
      since: options.sinceTime ?? (options.sinceSeconds ? `-${options.sinceSeconds}s` : undefined)
    })
    const endAll = (state: 'ended' | 'failed', error?: string) => {
      if (!byContainer.size) sourceFor(('pod' in src && src.pod.container) || '')
      for (const i of byContainer.values()) session.state(i, state, { error })
      session.release()
    }
    void host
      .run(command, { sudo: true, signal: abort.signal, onStdout: (d) => parser.push(d), collectStdout: false, audit: { context: target.context?.name, purpose: 'node logs' } })
      .then((r) => {
        parser.push('', true)
        if (r.exitCode === 0 || r.signal || abort.signal.aborted) endAll('ended')
        else endAll('failed', r.stderr.trim().split('\n').pop() || `exit ${r.exitCode}`)
      })
      .catch((e: unknown) => endAll('failed', toErrorInfo(e).message))
  }
}
