// The etcd wizard's service: discovery, health, verified backups into the local catalog, and
// plans (restore, repairs, a backup cron entry) handed to the operations engine. The app, web
// mode and the CLI share it; SSH sessions and API clients come from their own services.
import { join } from 'node:path'
import type { KubeConfig } from '@kubernetes/client-node'
import type { BackupResult, EtcdHealth, EtcdMember, EtcdTopology, SnapshotEntry } from '../../../shared/model/etcd'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { OperationDetail } from '../../../shared/model/operations'
import type { SshTarget } from '../../../shared/model/ssh'
import { AppError } from '../../../shared/errors'
import type { OperationDomain, OperationsService } from '../operations'
import { JsonStore } from '../app'
import { defaultNodeTarget, type HostSession, type SshHostTarget, type SshInteraction } from '../ssh'
import { takeBackup, type BackupProgress } from './backup'
import { DEFAULT_KEEP, SnapshotCatalog, clusterKeyOf } from './catalog'
import { readControlPlane } from '../kube'
import { podEtcdctlRunner } from './cluster-api'
import { etcdOperationDomain } from './builtins'
import { checkTopology, topologyChecks } from './discovery/checks'
import { discoverTopology } from './discovery/discover'
import type { HostCandidate } from './discovery/probe'
import { checkHealth, type EtcdctlRunner } from './health'
import { buildCronPlan, type CronPlanOptions } from './plans/cron'
import { buildRepairPlan } from './plans/repairs'
import { buildRestorePlan } from './plans/restore'
import { localEndpoint } from './members'
import { hostEtcdctlRunner } from './runners'
import { inspectSnapshotFile, verifySnapshotFile } from './snapshot-file'
import type { RepairKind } from '../../../shared/model/etcd'
import { t } from '../../../shared/error-messages'

export interface EtcdServiceDeps {
  dataDir: string
  operations: OperationsService<SshInteraction>
  /** An audited command session (the SSH service; `configFile` is `ssh -F`). */
  openSession(
    target: SshTarget,
    opts: { configFile?: string; context: string; purpose: string; signal?: AbortSignal; /** Who to ask for host keys and passwords (a window, the TTY). */ asker?: SshInteraction }
  ): Promise<HostSession>
  /** An API client configuration for a context (the kubeconfig service). */
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  /**
   * The user's host mapping (the SSH inventory): node name → SSH target. Nodes it does not name
   * get the inventory's default: the node's name when the ssh config has that Host, else its InternalIP.
   */
  hostMapping?(context: ContextRef): Promise<Map<string, SshTarget>>
  /** `ssh -F` for every host (the CLI's -F; tests): node targets are resolved through it. */
  sshConfigFile?: string
  env?: NodeJS.ProcessEnv
}

export class EtcdService {
  /** How the operations engine runs etcd plans (registered by the composition root). */
  readonly operationDomain: OperationDomain<HostSession, SshHostTarget, SshInteraction>
  readonly catalog: SnapshotCatalog
  private readonly topologies = new Map<string, EtcdTopology>()
  /** The etcd and control-plane hosts of each cluster, as last discovered (for when the API is down). */
  private readonly hosts: JsonStore<{ clusters: Record<string, { at: string; hosts: HostCandidate[] } | undefined> }>

  constructor(private readonly deps: EtcdServiceDeps) {
    this.catalog = new SnapshotCatalog(join(deps.dataDir, 'etcd-backups'))
    this.hosts = new JsonStore(join(deps.dataDir, 'etcd-hosts.json'), () => ({ clusters: {} }))
    this.operationDomain = etcdOperationDomain({
      openSession: (target: SshHostTarget, audit, signal, asker) => deps.openSession(target.ssh, { configFile: target.configFile, ...audit, signal, asker }),
      kubeConfigFor: deps.kubeConfigFor
    })
  }

  /**
   * Reads the cluster: control-plane nodes from the API, then every host over SSH. With `hosts`
   * (SSH names), or when the API does not answer — the day a restore is needed — the given hosts,
   * else the ones remembered from the last discovery of this cluster, are read instead.
   */
  async discover(context: ContextRef, opts: { configFile?: string; hosts?: string[]; signal?: AbortSignal; asker?: SshInteraction } = {}): Promise<EtcdTopology> {
    const configFile = opts.configFile ?? this.deps.sshConfigFile
    const kc = await this.deps.kubeConfigFor(context)
    const cluster = kc.getCurrentCluster()
    if (!cluster) throw new AppError({ code: 'etcd.no-cluster', message: t`Context ${context.name} names no cluster.`, file: context.file })
    const clusterKey = clusterKeyOf(cluster.name, cluster.server)
    const notes: string[] = []
    let candidates: HostCandidate[] = []
    const nodesByAddress = new Map<string, { name: string; candidate: HostCandidate }>()
    if (opts.hosts?.length) {
      candidates = opts.hosts.map((h) => ({ id: h, ssh: { host: h } }))
      notes.push(`Hosts given by hand: ${opts.hosts.join(', ')} (the API was not asked).`)
    } else {
      const view = await readControlPlane(kc).catch(async (e: unknown) => {
        const remembered = (await this.hosts.read()).clusters[clusterKey]
        if (remembered?.hosts.length) {
          notes.push(
            `The API server (${cluster.server}) did not answer (${(e as Error).message}); read the hosts remembered from the discovery of ${remembered.at}: ${remembered.hosts.map((h) => h.id).join(', ')}.`
          )
          candidates = remembered.hosts
          return null
        }
        throw new AppError({
          code: 'etcd.api-unreachable',
          message: t`The API server of ${context.name} (${cluster.server}) did not answer: ${(e as Error).message}.`,
          hint: t`Discovery starts from the nodes the API lists, and Kubedeck has not seen this cluster before. Name the control-plane and etcd hosts instead (their SSH names): in the app under “Hosts”, or \`kubedeck etcd status --context C --host HOST --host HOST\`.`
        })
      })
      if (view) {
        const mapping = configFile || !this.deps.hostMapping ? new Map<string, SshTarget>() : await this.deps.hostMapping(context).catch(() => new Map<string, SshTarget>())
        const target = (node: { name: string; internalIP?: string }) => mapping.get(node.name) ?? this.defaultTarget(node, configFile)
        for (const n of view.nodes) {
          candidates.push({ id: n.name, nodeName: n.name, address: n.internalIP, ssh: target(n), runsEtcd: n.pods.some((p) => p.component === 'etcd') })
        }
        // Apiservers behind the `kubernetes` Service that are no node (binary installs).
        for (const addr of view.apiserverAddresses) {
          if (!candidates.some((c) => c.address === addr)) candidates.push({ id: addr, address: addr, ssh: target({ name: addr, internalIP: addr }) })
        }
        for (const n of view.allNodes) {
          if (n.internalIP) nodesByAddress.set(n.internalIP, { name: n.name, candidate: { id: n.name, nodeName: n.name, address: n.internalIP, ssh: target(n) } })
        }
      }
    }
    const topology = await discoverTopology({
      context,
      clusterKey,
      clusterName: cluster.name,
      server: cluster.server,
      candidates,
      nodesByAddress,
      candidateForAddress: (address) => ({ id: address, address, ssh: { host: address } }),
      connect: (c) => this.deps.openSession(c.ssh, { configFile, context: context.name, purpose: 'etcd discovery', signal: opts.signal, asker: opts.asker }),
      sshConfigFile: configFile,
      signal: opts.signal
    })
    topology.notes.unshift(...notes)
    if (topology.members.length === 0 && topology.hosts.length === 0) {
      topology.notes.push(
        `No control-plane host was found for ${context.name} (no node-role.kubernetes.io/control-plane label, no kube-system control-plane pod, no apiserver endpoint).`
      )
    }
    // Remembered for the day the API is down: the hosts that run etcd or the control plane.
    const relevant = topology.hosts
      .filter((h) => h.reachable)
      .map((h) => candidates.find((c) => c.id === h.id) ?? { id: h.id, nodeName: h.nodeName, address: h.address, ssh: h.ssh })
    if (relevant.length && topology.members.length) {
      await this.hosts.update((st) => {
        st.clusters[clusterKey] = { at: topology.discoveredAt, hosts: relevant }
      }, `etcd hosts of ${cluster.name}`)
    }
    this.topologies.set(keyOf(context), topology)
    return topology
  }

  /** The last discovered (or corrected) topology of a context, if any. */
  cached(context: ContextRef): EtcdTopology | undefined {
    return this.topologies.get(keyOf(context))
  }

  /** Takes the user's corrections: checks run again on what they changed. */
  correct(topology: EtcdTopology): EtcdTopology {
    const topo: EtcdTopology = { ...topology, edited: true }
    topo.findings = checkTopology(topo)
    topo.checks = topologyChecks(topo)
    this.topologies.set(keyOf(topo.context), topo)
    return topo
  }

  async health(topology: EtcdTopology, opts: { signal?: AbortSignal; asker?: SshInteraction } = {}): Promise<EtcdHealth> {
    const { signal } = opts
    const endpoints = topology.members.map((m) => m.settings.advertiseClientUrls[0] ?? localEndpoint(m))
    const errors: string[] = []
    for (const m of this.runnerOrder(topology)) {
      let session: HostSession | undefined
      try {
        const runner = await this.runnerFor(topology, m, (s) => (session = s), opts)
        if (!runner) continue
        const h = await checkHealth(runner, topology.context, topology.members, endpoints, signal)
        return h
      } catch (e) {
        errors.push(`${m.host}: ${(e as Error).message}`)
      } finally {
        session?.close()
      }
    }
    throw new AppError({
      code: 'etcd.health-unavailable',
      message: t`No member host of ${topology.context.name} could run etcdctl: ${errors.join('; ') || 'no host has etcdctl and no etcd pod is reachable'}.`,
      hint: t`Install etcdctl on a member host, or (kubeadm) make sure the API server answers so etcdctl can run in the etcd pod.`
    })
  }

  async backup(
    topology: EtcdTopology,
    opts: { member?: string; folder?: string; keep?: number; signal?: AbortSignal; asker?: SshInteraction; progress?(p: BackupProgress): void } = {}
  ): Promise<BackupResult> {
    const health = opts.member ? undefined : await this.health(topology, opts).catch(() => undefined)
    const sessions: HostSession[] = []
    try {
      return await takeBackup({
        topology,
        member: opts.member,
        health,
        catalog: this.catalog,
        folder: opts.folder,
        keep: opts.keep ?? (opts.folder ? undefined : DEFAULT_KEEP),
        signal: opts.signal,
        session: async (hostId) => {
          const h = topology.hosts.find((x) => x.id === hostId)!
          const s = await this.deps.openSession(h.ssh, {
            configFile: topology.sshConfigFile,
            context: topology.context.name,
            purpose: 'etcd backup',
            signal: opts.signal,
            asker: opts.asker
          })
          sessions.push(s)
          return s
        },
        runnerFor: (m, session) => this.sessionRunner(topology, m, session),
        progress: opts.progress
      })
    } finally {
      for (const s of sessions) s.close()
    }
  }

  listSnapshots(clusterKey?: string): Promise<SnapshotEntry[]> {
    return this.catalog.list(clusterKey)
  }

  verifySnapshot(id: string): Promise<SnapshotEntry> {
    return this.catalog.verify(id)
  }

  deleteSnapshot(id: string): Promise<void> {
    return this.catalog.remove(id)
  }

  /** A snapshot by catalog id or by file path (a file outside the catalog is checked and described first). */
  async resolveSnapshot(ref: { id?: string; file?: string }): Promise<Pick<SnapshotEntry, 'file' | 'sha256' | 'bytes'> & Partial<SnapshotEntry>> {
    if (ref.id) return this.catalog.get(ref.id)
    if (!ref.file) throw new AppError({ code: 'input.invalid', message: t`Name a snapshot: a catalog id or a file.` })
    const known = (await this.catalog.list()).find((e) => e.file === ref.file) ?? (await this.catalog.describedBeside(ref.file))
    if (known) return known
    const facts = await verifySnapshotFile(ref.file)
    return { file: ref.file, sha256: facts.sha256, bytes: facts.bytes }
  }

  async planRestore(
    topology: EtcdTopology,
    snapshotRef: { id?: string; file?: string },
    opts: { initialClusterToken?: string; bumpRevision?: number } = {}
  ): Promise<OperationDetail> {
    const snapshot = await this.resolveSnapshot(snapshotRef)
    // Refuse a truncated or altered file before anything is planned: nothing to confirm.
    await inspectSnapshotFile(snapshot.file)
    const plan = buildRestorePlan({ topology, snapshot, stamp: stampNow(), ...opts })
    return this.deps.operations.create(plan)
  }

  async planRepair(topology: EtcdTopology, kind: RepairKind, member: string): Promise<OperationDetail> {
    return this.deps.operations.create(buildRepairPlan({ topology, kind, member, stamp: stampNow() }))
  }

  async planCron(topology: EtcdTopology, opts: CronPlanOptions): Promise<OperationDetail> {
    return this.deps.operations.create(buildCronPlan(topology, opts))
  }

  private defaultTarget(node: { name: string; internalIP?: string }, configFile?: string): SshTarget {
    return defaultNodeTarget(node, configFile, this.deps.env ?? process.env)
  }

  /** Members whose host has etcdctl first, then the others (they may have an etcd pod). */
  private runnerOrder(topo: EtcdTopology): EtcdMember[] {
    const withTool = topo.members.filter((m) => topo.hosts.find((h) => h.id === m.host)?.tools.etcdctl)
    return [...withTool, ...topo.members.filter((m) => !withTool.includes(m))]
  }

  private async runnerFor(
    topo: EtcdTopology,
    m: EtcdMember,
    keep: (s: HostSession) => void,
    opts: { signal?: AbortSignal; asker?: SshInteraction }
  ): Promise<EtcdctlRunner | null> {
    const host = topo.hosts.find((h) => h.id === m.host)
    if (!host?.reachable) return null
    if (!host.tools.etcdctl) return this.podRunner(topo, m)
    const session = await this.deps.openSession(host.ssh, { configFile: topo.sshConfigFile, context: topo.context.name, purpose: 'etcd health', ...opts })
    keep(session)
    return hostEtcdctlRunner(session, host, m.hostTls, topo.context.name)
  }

  private sessionRunner(topo: EtcdTopology, m: EtcdMember, session: HostSession): EtcdctlRunner {
    const host = topo.hosts.find((h) => h.id === m.host)!
    if (host.tools.etcdctl) return hostEtcdctlRunner(session, host, m.hostTls, topo.context.name)
    const pod = this.podRunner(topo, m)
    if (!pod) {
      throw new AppError({
        code: 'etcd.no-etcdctl',
        message: t`${host.id} has no etcdctl and ${m.settings.name} is not a static pod to run it in.`,
        host: host.id,
        hint: t`Install etcdctl on the host (the etcd release tarball has it), then discover again.`
      })
    }
    return pod
  }

  private podRunner(topo: EtcdTopology, m: EtcdMember): EtcdctlRunner | null {
    const host = topo.hosts.find((h) => h.id === m.host)
    if (m.source.kind !== 'static-pod' || !host?.nodeName) return null
    let kc: KubeConfig | undefined
    const pod = `etcd-${host.nodeName}`
    const ready = this.deps.kubeConfigFor(topo.context).then((k) => (kc = k))
    // etcd's TLS paths inside the pod are the container paths of the manifest.
    const tls = { ca: m.settings.trustedCaFile, cert: m.settings.certFile, key: m.settings.keyFile }
    const lazy = (k: KubeConfig) => podEtcdctlRunner(k, 'kube-system', pod, tls)
    return {
      describe: { kind: 'pod', namespace: 'kube-system', pod },
      tools: { etcdctl: true, etcdutl: true },
      commandLine: (args, tool) => `kubectl exec -n kube-system ${pod} -c etcd -- ${tool ?? 'etcdctl'} ${args.join(' ')}`,
      run: async (args, o) => {
        await ready
        return lazy(kc!).run(args, o)
      }
    }
  }
}

const keyOf = (c: ContextRef) => `${c.file}\u0000${c.name}`
const stampNow = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
