// The hosts of a cluster a person may SSH into: its nodes (from the API: name, InternalIP,
// roles, Ready), the concrete hosts of ~/.ssh/config, and hosts the person added (an etcd box,
// a bastion). Each has a target; the default for a node is its name when ~/.ssh/config names
// it, else its InternalIP. Changed targets and added hosts are kept per cluster.
import { join } from 'node:path'
import type { KubeConfig } from '@kubernetes/client-node'
import { clientNode } from '../kube'
import { AppError, isAppError, toErrorInfo } from '../../../shared/errors'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { HostInventory, InventoryHost, SshTarget } from '../../../shared/model/ssh'
import { JsonStore } from '../app'
import type { FileHistory } from '../files'
import { configNamesHost, listConfigHosts } from './config'
import { resolveTarget, sshEnvironment, type SshConfigSource } from './settings'
import { t } from '../../../shared/error-messages'

export interface ClusterNode {
  name: string
  internalIP: string | null
  roles: string[]
  ready: boolean | null
  /** Cordoned: new pods are not placed on it. */
  unschedulable?: boolean
}

/** What the inventory needs from the kubeconfig side: a cluster's identity and its nodes. */
export interface NodeSource {
  /** A stable key for the cluster behind a context (its server URL). */
  clusterOf(ref: ContextRef): Promise<string>
  listNodes(ref: ContextRef): Promise<ClusterNode[]>
}

interface ClusterState {
  targets: Record<string, SshTarget>
  added: { name: string; target: SshTarget }[]
}

interface InventoryState {
  clusters: Record<string, ClusterState>
}

/** The last node list each cluster answered with, for the day its API does not answer (no undo history: it is a cache). */
interface NodesCache {
  clusters: Record<string, { at: string; nodes: ClusterNode[] }>
}

/** Node fields from a v1 Node object (client-node's V1Node, or plain JSON). */
function nodeFromApi(node: {
  metadata?: { name?: string; labels?: Record<string, string> }
  spec?: { unschedulable?: boolean }
  status?: { addresses?: { type: string; address: string }[]; conditions?: { type: string; status: string }[] }
}): ClusterNode {
  const labels = node.metadata?.labels ?? {}
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean)
  if (labels['kubernetes.io/role'] && !roles.includes(labels['kubernetes.io/role'])) roles.push(labels['kubernetes.io/role'])
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')
  return {
    name: node.metadata?.name ?? '',
    internalIP: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? null,
    roles: roles.sort(),
    ready: ready ? ready.status === 'True' : null,
    unschedulable: node.spec?.unschedulable === true
  }
}

/** A NodeSource over client-node: the cluster is the context's server URL, nodes come from the API. */
export function kubeNodeSource(kubeConfigFor: (ref: ContextRef) => Promise<KubeConfig>): NodeSource {
  return {
    async clusterOf(ref) {
      const kc = await kubeConfigFor(ref)
      return kc.getCurrentCluster()?.server || `context:${ref.file}#${ref.name}`
    },
    async listNodes(ref) {
      const kc = await kubeConfigFor(ref)
      try {
        const { CoreV1Api } = await clientNode()
        const list = await kc.makeApiClient(CoreV1Api).listNode()
        return list.items.map((n) => nodeFromApi(n as Parameters<typeof nodeFromApi>[0]))
      } catch (e) {
        // client-node's ApiException has an HTTP status; a network failure has a string code (ECONNREFUSED).
        const raw = (e as { code?: unknown }).code
        const status = typeof raw === 'number' ? raw : undefined
        const server = kc.getCurrentCluster()?.server ?? 'no server'
        const reason = status ? `HTTP ${status}` : raw === 'ECONNREFUSED' ? `nothing listens at ${server} (connection refused)` : (e as Error).message
        throw new AppError({
          code: 'ssh.nodes',
          message: t`Could not list the nodes of ${ref.name} (${server}): ${reason}`,
          hint: status === 403 ? t`Your user may not list nodes; add hosts by hand below.` : t`Check that the cluster is reachable; hosts from ~/.ssh/config are still listed.`
        })
      }
    }
  }
}

export class HostInventoryService {
  private readonly store: JsonStore<InventoryState>
  private readonly lastNodes: JsonStore<NodesCache>

  constructor(
    dataDir: string,
    private readonly nodes: NodeSource,
    private readonly config: SshConfigSource = {},
    history?: FileHistory
  ) {
    this.store = new JsonStore(join(dataDir, 'ssh-inventory.json'), () => ({ clusters: {} }), history)
    this.lastNodes = new JsonStore(join(dataDir, 'nodes-cache.json'), () => ({ clusters: {} }))
  }

  private userConfig(): { file: string; home: string } {
    const home = sshEnvironment(this.config.env).home
    return { file: this.config.configFile ?? join(home, '.ssh', 'config'), home }
  }

  /** The default target of a node: its name if the ssh config names it, else its InternalIP. */
  defaultNodeTarget(node: ClusterNode): { target: SshTarget; origin: 'ssh-config' | 'internal-ip' | 'node-name' } {
    const { file, home } = this.userConfig()
    if (configNamesHost(file, home, node.name)) return { target: { host: node.name }, origin: 'ssh-config' }
    if (node.internalIP) return { target: { host: node.internalIP }, origin: 'internal-ip' }
    return { target: { host: node.name }, origin: 'node-name' }
  }

  async inventory(ref: ContextRef): Promise<HostInventory> {
    const cluster = await this.nodes.clusterOf(ref)
    const state = (await this.store.read()).clusters[cluster] ?? { targets: {}, added: [] }
    const hosts: InventoryHost[] = []
    let nodesError: HostInventory['nodesError']
    let nodes: ClusterNode[] = []
    let nodesFrom: string | undefined
    try {
      nodes = await this.nodes.listNodes(ref)
      const cached = (await this.lastNodes.read()).clusters[cluster]
      if (JSON.stringify(cached?.nodes) !== JSON.stringify(nodes)) {
        await this.lastNodes.update((s) => void (s.clusters[cluster] = { at: new Date().toISOString(), nodes })).catch(() => undefined)
      }
    } catch (e) {
      nodesError = toErrorInfo(e)
      // The API does not answer: the nodes it named last time, marked as not current.
      const cached = (await this.lastNodes.read()).clusters[cluster]
      if (cached) {
        nodes = cached.nodes.map((n) => ({ ...n, ready: null }))
        nodesFrom = cached.at
      }
    }
    for (const n of nodes) {
      const id = `node/${n.name}`
      const custom = state.targets[id]
      const dflt = this.defaultNodeTarget(n)
      hosts.push(
        this.describe({
          id,
          kind: 'node',
          name: n.name,
          node: { internalIP: n.internalIP, roles: n.roles, ready: n.ready, ...(n.unschedulable ? { unschedulable: true } : {}) },
          target: custom ?? dflt.target,
          origin: custom ? 'custom' : dflt.origin
        })
      )
    }
    const { file, home } = this.userConfig()
    for (const entry of listConfigHosts(file, home)) {
      if (nodes.some((n) => n.name === entry.alias)) continue
      const id = `config/${entry.alias}`
      const custom = state.targets[id]
      hosts.push(this.describe({ id, kind: 'ssh-config', name: entry.alias, target: custom ?? { host: entry.alias }, origin: custom ? 'custom' : 'ssh-config' }))
    }
    for (const a of state.added) {
      hosts.push(this.describe({ id: `added/${a.name}`, kind: 'added', name: a.name, target: a.target, origin: 'custom' }))
    }
    return { context: ref, cluster, hosts, ...(nodesError ? { nodesError } : {}), ...(nodesFrom ? { nodesFrom } : {}) }
  }

  private describe(h: Omit<InventoryHost, 'resolved' | 'error'>): InventoryHost {
    try {
      const o = resolveTarget(h.target, this.config)
      const jump = o.proxyJump
        ? `${o.proxyJump.extra ? `${o.proxyJump.extra},` : ''}${o.proxyJump.user ? `${o.proxyJump.user}@` : ''}${o.proxyJump.host}${o.proxyJump.port > 0 ? `:${o.proxyJump.port}` : ''}`
        : null
      return { ...h, resolved: { user: o.user, hostname: o.hostname, port: o.port, proxyJump: jump } }
    } catch (e) {
      return { ...h, error: isAppError(e) ? e.info : toErrorInfo(e) }
    }
  }

  /** The target to connect to for a host of the inventory. */
  async targetFor(ref: ContextRef, id: string): Promise<SshTarget> {
    const inv = await this.inventory(ref)
    const host = inv.hosts.find((h) => h.id === id)
    if (!host) throw new AppError({ code: 'ssh.unknown-host', message: t`${id} is not a host of ${ref.name}.`, hint: t`Reload the node list.` })
    return host.target
  }

  async setTarget(ref: ContextRef, id: string, target: SshTarget | null): Promise<InventoryHost> {
    const cluster = await this.nodes.clusterOf(ref)
    if (id.startsWith('added/')) {
      if (!target) throw new AppError({ code: 'input.invalid', message: t`An added host needs a target; remove it instead.` })
      const name = id.slice('added/'.length)
      await this.store.update((s) => {
        const c = (s.clusters[cluster] ??= { targets: {}, added: [] })
        const a = c.added.find((x) => x.name === name)
        if (!a) throw new AppError({ code: 'ssh.unknown-host', message: t`${name} is not an added host of ${ref.name}.` })
        a.target = clean(target)
      }, `ssh target of ${id}`)
    } else {
      if (target) resolveTarget(target, this.config)
      await this.store.update((s) => {
        const c = (s.clusters[cluster] ??= { targets: {}, added: [] })
        if (target) c.targets[id] = clean(target)
        else delete c.targets[id]
      }, `ssh target of ${id}`)
    }
    const host = (await this.inventory(ref)).hosts.find((h) => h.id === id)
    if (!host) throw new AppError({ code: 'ssh.unknown-host', message: t`${id} is not a host of ${ref.name}.` })
    return host
  }

  async addHost(ref: ContextRef, name: string, target: SshTarget): Promise<InventoryHost> {
    const cluster = await this.nodes.clusterOf(ref)
    resolveTarget(target, this.config)
    await this.store.update((s) => {
      const c = (s.clusters[cluster] ??= { targets: {}, added: [] })
      if (c.added.some((a) => a.name === name)) throw new AppError({ code: 'input.invalid', message: t`A host named ${name} is already in the list of ${ref.name}.` })
      c.added.push({ name, target: clean(target) })
    }, `add ssh host ${name}`)
    return (await this.inventory(ref)).hosts.find((h) => h.id === `added/${name}`)!
  }

  async removeHost(ref: ContextRef, id: string): Promise<void> {
    const cluster = await this.nodes.clusterOf(ref)
    await this.store.update((s) => {
      const c = s.clusters[cluster]
      if (!c) return
      c.added = c.added.filter((a) => `added/${a.name}` !== id)
      delete c.targets[id]
    }, `remove ssh host ${id}`)
  }
}

/** Only the fields that mean something (empty strings are "not set"). */
function clean(t: SshTarget): SshTarget {
  return {
    host: t.host,
    ...(t.user ? { user: t.user } : {}),
    ...(t.port ? { port: t.port } : {}),
    ...(t.identityFile ? { identityFile: t.identityFile } : {}),
    ...(t.proxyJump ? { proxyJump: t.proxyJump } : {})
  }
}
