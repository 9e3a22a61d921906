// The certificate wizard's service: the inventory of a cluster (every control-plane and worker
// host read over SSH in parallel, the user's own kubeconfigs, pending CSRs) and the plans that
// renew, rotate and approve, handed to the operations engine. Hosts come from the API; when the
// API does not answer (an expired apiserver certificate does that), from --host or the hosts
// remembered from the last inventory of the cluster.
import { join } from 'node:path'
import type { KubeConfig } from '@kubernetes/client-node'
import type { CertHost, CertInventory, CertThresholds, CsrEntry } from '../../../shared/model/certs'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { OperationDetail } from '../../../shared/model/operations'
import type { SshTarget } from '../../../shared/model/ssh'
import { AppError, errorInfo, toErrorInfo } from '../../../shared/errors'
import { JsonStore } from '../app'
import type { OperationDomain, OperationsService } from '../operations'
import { readControlPlane } from '../kube'
import { defaultNodeTarget, type HostSession, type SshHostTarget, type SshInteraction } from '../ssh'
import { certsOperationDomain } from './builtins'
import { listCsrs } from './csr'
import { DEFAULT_THRESHOLDS } from './entries'
import { hostCerts } from './host-certs'
import { buildInventory, type ProbedHost } from './inventory'
import { localCertificates } from './local-certs'
import { CERT_PROBE } from './probe'
import { buildCsrPlan, buildKubeletPlan, buildRenewPlan, utcStamp, type PlanningHost, type RenewOptions } from './plans'
import { t } from '../../../shared/error-messages'

export interface CertsServiceDeps {
  dataDir: string
  operations: OperationsService<SshInteraction>
  openSession(target: SshTarget, opts: { configFile?: string; context: string; purpose: string; signal?: AbortSignal; asker?: SshInteraction }): Promise<HostSession>
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  /** The user's contexts that talk to `server` (their client certificates are part of the inventory). */
  contextsFor(server: string): Promise<ContextRef[]>
  /** The SSH inventory's mapping: node name → SSH target. */
  hostMapping?(context: ContextRef): Promise<Map<string, SshTarget>>
  setClientCertificate(context: ContextRef, o: { certPem: string; keyPem: string; reason: string }): Promise<{ file: string; user: string }>
  restoreBefore(context: ContextRef, reason: string): Promise<{ file: string } | null>
  sshConfigFile?: string
  env?: NodeJS.ProcessEnv
}

interface Candidate {
  id: string
  nodeName?: string
  address?: string
  ssh: SshTarget
  roles: string[]
}

export interface InventoryOptions {
  configFile?: string
  /** SSH names to read instead of asking the API. */
  hosts?: string[]
  thresholds?: Partial<CertThresholds>
  signal?: AbortSignal
  asker?: SshInteraction
}

/** Hosts read at once: enough for a large control plane and its workers, few enough for one sshd's MaxStartups. */
const PARALLEL = 8

export class CertsService {
  readonly operationDomain: OperationDomain<HostSession, SshHostTarget, SshInteraction>
  private readonly remembered: JsonStore<{ clusters: Record<string, { at: string; hosts: Candidate[] } | undefined> }>
  private readonly last = new Map<string, { inventory: CertInventory; planning: PlanningHost[]; configFile?: string }>()

  constructor(private readonly deps: CertsServiceDeps) {
    this.remembered = new JsonStore(join(deps.dataDir, 'cert-hosts.json'), () => ({ clusters: {} }))
    this.operationDomain = certsOperationDomain({
      openSession: (target, audit, signal, asker) => deps.openSession(target.ssh, { configFile: target.configFile, ...audit, signal, asker }),
      kubeConfigFor: deps.kubeConfigFor,
      setClientCertificate: deps.setClientCertificate,
      restoreBefore: deps.restoreBefore
    })
  }

  async inventory(context: ContextRef, opts: InventoryOptions = {}): Promise<CertInventory> {
    const configFile = opts.configFile ?? this.deps.sshConfigFile
    const kc = await this.deps.kubeConfigFor(context)
    const cluster = kc.getCurrentCluster()
    if (!cluster) throw new AppError({ code: 'certs.no-cluster', message: t`Context ${context.name} names no cluster.`, file: context.file })
    const key = `${cluster.name} ${cluster.server}`
    const notes: string[] = []
    let candidates: Candidate[]
    let apiUp = true
    if (opts.hosts?.length) {
      candidates = opts.hosts.map((h) => ({ id: h, ssh: { host: h }, roles: [] }))
      notes.push(`Hosts given by hand: ${opts.hosts.join(', ')}.`)
    } else {
      try {
        candidates = await this.fromApi(kc, context, configFile)
      } catch (e) {
        apiUp = false
        const r = (await this.remembered.read()).clusters[key]
        if (!r?.hosts.length) {
          throw new AppError({
            code: 'certs.api-unreachable',
            message: t`The API server of ${context.name} (${cluster.server}) did not answer: ${toErrorInfo(e).message}.`,
            hint: t`An expired API server certificate does this. Name the control-plane hosts (their SSH names): in the app under “Hosts”, or \`kubedeck certs check --context C --host HOST …\`.`
          })
        }
        notes.push(`The API server (${cluster.server}) did not answer (${toErrorInfo(e).message}); read the hosts remembered from ${r.at}: ${r.hosts.map((h) => h.id).join(', ')}.`)
        candidates = r.hosts
      }
    }
    const probed = await mapLimit(candidates, PARALLEL, (c) => this.probe(c, context, configFile, opts))
    const csrs: { list: CsrEntry[]; error?: string } = apiUp
      ? await listCsrs(kc).then(
          (list) => ({ list }),
          (e: unknown) => ({ list: [], error: toErrorInfo(e).message })
        )
      : { list: [], error: 'the API server did not answer' }
    const local = await localCertificates(await this.deps.contextsFor(cluster.server), this.deps.kubeConfigFor)
    const inventory = buildInventory({
      context,
      thresholds: { ...DEFAULT_THRESHOLDS, ...opts.thresholds },
      hosts: probed.map((p) => ({ host: p.host, certs: p.certs })),
      local,
      csrs: csrs.list,
      csrError: csrs.error,
      notes
    })
    const reachable = probed.filter((p) => p.host.reachable)
    if (reachable.some((p) => p.host.layout === 'kubeadm' || p.host.layout === 'binary')) {
      await this.remembered.update((st) => {
        st.clusters[key] = { at: inventory.checkedAt, hosts: candidates.filter((c) => reachable.some((p) => p.host.id === c.id)) }
      }, `certificate hosts of ${cluster.name}`)
    }
    this.last.set(keyOf(context), {
      inventory,
      configFile,
      planning: reachable.filter((p) => p.certs).map((p) => ({ host: p.host, ssh: p.candidate.ssh, address: p.candidate.address, root: p.root, certs: p.certs! }))
    })
    return inventory
  }

  /** The last inventory of a context, if any. */
  cached(context: ContextRef): CertInventory | undefined {
    return this.last.get(keyOf(context))?.inventory
  }

  async planRenew(context: ContextRef, o: RenewOptions & InventoryOptions = {}): Promise<OperationDetail> {
    const input = await this.planningInput(context, o)
    return this.deps.operations.create(buildRenewPlan(input, o))
  }

  async planRotateKubelet(context: ContextRef, node: string, o: InventoryOptions = {}): Promise<OperationDetail> {
    return this.deps.operations.create(buildKubeletPlan(await this.planningInput(context, o), node))
  }

  async planCsr(context: ContextRef, name: string, decision: 'approve' | 'deny'): Promise<OperationDetail> {
    return this.deps.operations.create(buildCsrPlan({ context }, name, decision))
  }

  /** The subject to give the user's context: that of its current client certificate, else admin.conf's. */
  adminSubject(context: ContextRef): string | undefined {
    const inv = this.cached(context)
    const local = inv?.certificates.find((c) => c.source === 'local' && c.usedBy.includes(`kubectl --context ${context.name}`))
    return local?.subject ?? inv?.certificates.find((c) => c.name === 'admin.conf' && c.subject)?.subject
  }

  private async planningInput(context: ContextRef, o: InventoryOptions) {
    // Plans are built from what the hosts hold now, not from an inventory the user read an hour ago.
    await this.inventory(context, o)
    const last = this.last.get(keyOf(context))!
    return { context, hosts: last.planning, sshConfigFile: last.configFile, stamp: utcStamp() }
  }

  /** Every node the API lists (control planes first), plus API servers behind the `kubernetes` Service that are no node. */
  private async fromApi(kc: KubeConfig, context: ContextRef, configFile?: string): Promise<Candidate[]> {
    const view = await readControlPlane(kc)
    const mapping = configFile || !this.deps.hostMapping ? new Map<string, SshTarget>() : await this.deps.hostMapping(context).catch(() => new Map<string, SshTarget>())
    const target = (n: { name: string; internalIP?: string }) => mapping.get(n.name) ?? defaultNodeTarget(n, configFile, this.deps.env ?? process.env)
    const out: Candidate[] = view.nodes.map((n) => ({ id: n.name, nodeName: n.name, address: n.internalIP, ssh: target(n), roles: n.roles.length ? n.roles : ['control-plane'] }))
    for (const n of view.allNodes) if (!out.some((c) => c.id === n.name)) out.push({ id: n.name, nodeName: n.name, address: n.internalIP, ssh: target(n), roles: ['worker'] })
    for (const a of view.apiserverAddresses)
      if (!out.some((c) => c.address === a)) out.push({ id: a, address: a, ssh: target({ name: a, internalIP: a }), roles: ['control-plane'] })
    return out
  }

  private async probe(c: Candidate, context: ContextRef, configFile: string | undefined, opts: InventoryOptions): Promise<ProbedHost & { candidate: Candidate; root: boolean }> {
    const host: CertHost = { id: c.id, nodeName: c.nodeName, layout: 'unknown', roles: c.roles, reachable: false }
    let session: HostSession | undefined
    try {
      session = await this.deps.openSession(c.ssh, { configFile, context: context.name, purpose: 'certificate inventory', signal: opts.signal, asker: opts.asker })
      const r = await session.run(CERT_PROBE, { sudo: true, timeoutMs: 60_000, signal: opts.signal, audit: { context: context.name, purpose: 'certificate inventory' } })
      if (r.exitCode !== 0)
        throw new AppError({
          code: 'certs.probe-failed',
          message: t`Reading certificates on ${c.id} failed: ${r.stderr.trim().split('\n').pop() || `exit ${r.exitCode}`}.`,
          host: c.id
        })
      const certs = hostCerts(c.id, r.stdout)
      host.reachable = true
      host.layout = certs.layout
      if (certs.noOpenssl)
        host.error = errorInfo({
          code: 'certs.no-openssl',
          message: t`${c.id} has no openssl: its certificates cannot be read.`,
          hint: t`Install openssl on the host (apt-get install openssl / yum install openssl).`
        })
      return { host, certs, candidate: c, root: session.isRoot }
    } catch (e) {
      host.error = toErrorInfo(e)
      return { host, candidate: c, root: false }
    } finally {
      session?.close()
    }
  }
}

const keyOf = (c: ContextRef) => `${c.file}\n${c.name}`

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i])
      }
    })
  )
  return out
}
