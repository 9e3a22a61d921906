// The doctor: one run of every check against one cluster — the API (through the kubeconfig and
// on each control-plane host), etcd, the control plane, nodes, add-ons, the hosts' clocks,
// certificates and workloads in trouble — in parallel, each with its own time limit. A check
// that cannot look (a host unreachable, a timeout) is reported unknown; the run goes on. The
// last run's worst severity per context is kept for the contexts list's health dot.
import { join } from 'node:path'
import type { KubeConfig } from '@kubernetes/client-node'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { CertInventory } from '../../../shared/model/certs'
import type { ConsistencyFinding, EtcdHealth, SnapshotEntry } from '../../../shared/model/etcd'
import type { DoctorFinding, DoctorReport, DoctorSeverity, DoctorUnknown } from '../../../shared/model/doctor'
import type { SshTarget } from '../../../shared/model/ssh'
import { t } from '../../../shared/error-messages'
import { JsonStore } from '../app'
import { readControlPlane } from '../kube'
import { apiRequest } from '../cluster/raw'
import { defaultNodeTarget, type HostSession } from '../ssh'
import { API_CHECKS, type ApiContext } from './api-checks'
import { backupFindings, consistencyFindings, etcdFindings } from './etcd-checks'
import { finding, ordered, type CheckResult, type DoctorCheck } from './finding'
import { HOST_PROBE, journalFindings, manifestFindings, parseHostProbe, timeFindings, unitFindings } from './host-checks'
import { upgradeFacts, type UpgradeFacts } from './upgrade'
import { certificateKeyFrom, joinCommand, listTokens, uploadCertsConfig, type BootstrapToken, type JoinCommand } from './join'
import { AppError } from '../../../shared/errors'
import { sh } from '../shell'

export interface DoctorServiceDeps {
  dataDir: string
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  openSession(target: SshTarget, opts: { configFile?: string; context: string; purpose: string; signal?: AbortSignal }): Promise<HostSession>
  hostMapping?(context: ContextRef): Promise<Map<string, SshTarget>>
  certInventory(context: ContextRef, o: { configFile?: string; hosts?: string[]; signal?: AbortSignal }): Promise<CertInventory>
  etcdHealth(
    context: ContextRef,
    o: { configFile?: string; hosts?: string[]; signal?: AbortSignal }
  ): Promise<{ health: EtcdHealth; clusterKey: string; consistency: ConsistencyFinding[]; quotas: Map<string, number> }>
  latestBackup(clusterKey: string): Promise<SnapshotEntry | undefined>
  /** The CLI's -F: hosts are reached through it unless a call names another. */
  sshConfigFile?: string
  env?: NodeJS.ProcessEnv
}

export interface DoctorOptions {
  /** ssh config file (-F), as for every SSH use. */
  configFile?: string
  /** SSH names of the hosts to read instead of the nodes the API lists. */
  hosts?: string[]
  signal?: AbortSignal
}

export interface HealthMark {
  worst: DoctorReport['worst']
  at: string
  counts: Record<DoctorSeverity, number>
}

/** A kubeadm control plane: where upload-certs and upgrade plan run. */
const runsApiserver = (n: { pods: { component: string }[] }) => n.pods.some((p) => p.component === 'kube-apiserver')
const keyOf = (c: ContextRef) => `${c.file}\n${c.name}`
const SSH_TIMEOUT_MS = 20_000

async function withTimeout<T>(ms: number, signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController()
  const stop = () => abort.abort()
  signal?.addEventListener('abort', stop, { once: true })
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      run(abort.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abort.abort()
          reject(new Error(`no result within ${Math.round(ms / 1000)} s`))
        }, ms)
      })
    ])
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', stop)
  }
}

export class DoctorService {
  private readonly marks: JsonStore<{ contexts: Record<string, HealthMark | undefined> }>

  constructor(private readonly deps: DoctorServiceDeps) {
    this.marks = new JsonStore(join(deps.dataDir, 'doctor.json'), () => ({ contexts: {} }))
  }

  /** The last run's outcome per context (file\nname), for the contexts list. */
  async healthMarks(): Promise<Record<string, HealthMark | undefined>> {
    return (await this.marks.read()).contexts
  }

  async run(context: ContextRef, given: DoctorOptions = {}): Promise<DoctorReport> {
    const o = { ...given, configFile: given.configFile ?? this.deps.sshConfigFile }
    const started = Date.now()
    const findings: DoctorFinding[] = []
    const unknown: DoctorUnknown[] = []
    const checks: DoctorReport['checks'] = []
    const kc = await this.deps.kubeConfigFor(context)
    const server = kc.getCurrentCluster()?.server ?? ''

    const record = async (check: string, area: DoctorUnknown['area'], subject: string, ms: number, work: (signal: AbortSignal) => Promise<CheckResult>) => {
      const t0 = Date.now()
      try {
        const r = await withTimeout(ms, o.signal, work)
        findings.push(...r.findings)
        for (const u of r.unknown ?? []) unknown.push({ check, area, ...u })
        checks.push({ check, ms: Date.now() - t0, state: r.unknown?.length ? 'unknown' : 'ran' })
      } catch (e) {
        unknown.push({ check, area, subject, reason: (e as Error).message })
        checks.push({ check, ms: Date.now() - t0, state: 'unknown' })
      }
    }

    // What every API check needs, read once; an API that does not answer is itself the finding.
    const [controlPlane, version] = await Promise.all([
      readControlPlane(kc).catch(() => null),
      apiRequest(kc, 'GET', '/version', undefined, undefined, undefined, { timeoutMs: 10_000 }).then(
        (r) => (r.status === 200 ? ((r.body as { gitVersion?: string }).gitVersion ?? '') : ''),
        () => ''
      )
    ])
    const api: ApiContext = { kc, server, controlPlane: controlPlane ?? { nodes: [], apiserverAddresses: [], allNodes: [] }, version, now: started }
    const runApi = (c: DoctorCheck<ApiContext>) => record(c.id, c.area, c.id, c.timeoutMs, (signal) => c.run(api, signal))

    await Promise.all([
      ...(controlPlane ? API_CHECKS.map(runApi) : [runApi(API_CHECKS[0])]),
      record('hosts', 'time', 'hosts', SSH_TIMEOUT_MS + 5000, (signal) => this.hostChecks(context, api, o, signal)),
      record('certificates', 'certificates', 'certificates', 90_000, async (signal) => ({
        findings: certFindings(await this.deps.certInventory(context, { configFile: o.configFile, hosts: o.hosts, signal }))
      })),
      record('etcd', 'etcd', 'etcd', 60_000, async (signal) => {
        const { health, clusterKey, consistency, quotas } = await this.deps.etcdHealth(context, { configFile: o.configFile, hosts: o.hosts, signal })
        return { findings: [...etcdFindings(health, quotas), ...consistencyFindings(consistency), ...backupFindings(await this.deps.latestBackup(clusterKey), Date.now())] }
      })
    ])

    const sorted = ordered(findings)
    const worst: DoctorReport['worst'] = sorted[0]?.severity === 'info' || !sorted.length ? 'ok' : sorted[0].severity
    const report: DoctorReport = { context, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, findings: sorted, unknown, checks, worst }
    const counts = { error: 0, warning: 0, info: 0 }
    for (const f of sorted) counts[f.severity]++
    await this.marks.update((s) => ({ contexts: { ...s.contexts, [keyOf(context)]: { worst, at: report.startedAt, counts } } }))
    return report
  }

  /**
   * A join command with a fresh bootstrap token (`ttlSeconds`); for a control plane, the
   * certificate key from `kubeadm init phase upload-certs --upload-certs` on a control-plane host.
   */
  async joinCommand(context: ContextRef, given: { ttlSeconds: number; controlPlane?: boolean; configFile?: string; host?: string; signal?: AbortSignal }): Promise<JoinCommand> {
    const o = { ...given, configFile: given.configFile ?? this.deps.sshConfigFile }
    const kc = await this.deps.kubeConfigFor(context)
    const certificateKey = o.controlPlane
      ? async () => {
          const nodes = (await readControlPlane(kc)).nodes
          const node = o.host ? nodes.find((n) => n.name === o.host) : nodes.find(runsApiserver)
          const host = o.host ?? node?.name
          if (!host)
            throw new AppError({
              code: 'doctor.no-control-plane',
              message: t`No kubeadm control-plane node found to upload the certificates from.`,
              hint: t`Name one with --host.`
            })
          const config = await uploadCertsConfig(kc, node?.internalIP)
          const mapping = await this.targets(context, o.configFile)
          const session = await this.deps.openSession(mapping.get(host) ?? { host }, {
            configFile: o.configFile,
            context: context.name,
            purpose: 'join command (upload-certs)',
            signal: o.signal
          })
          try {
            // The cluster's own ClusterConfiguration and this node's address: kubeadm then needs no
            // default route to guess an advertise address, and uploads the certificates the cluster uses.
            const r = await session.run(
              sh`f=$(mktemp) && printf '%s\n' ${config} > "$f" && kubeadm init phase upload-certs --upload-certs --config "$f"; rc=$?; rm -f "$f"; exit $rc`,
              { sudo: true, timeoutMs: 60_000, signal: o.signal, audit: { context: context.name, purpose: 'join command (upload-certs)' } }
            )
            const key = certificateKeyFrom(r.stdout)
            if (r.exitCode !== 0 || !key)
              throw new AppError({
                code: 'doctor.upload-certs',
                message: t`kubeadm init phase upload-certs on ${host} failed: ${
                  `${r.stdout}\n${r.stderr}`
                    .split('\n')
                    .filter((l) => l.trim() && !l.startsWith('To see the stack trace'))
                    .pop() ?? `exit ${r.exitCode}`
                }`,
                host
              })
            return key
          } finally {
            session.close()
          }
        }
      : undefined
    return joinCommand(kc, { ttlSeconds: o.ttlSeconds, certificateKey })
  }

  /**
   * Every component's version, what lags the API server, and `kubeadm upgrade plan` run on a
   * control-plane host (its output as kubeadm prints it; without network it falls back to the
   * versions it knows, and says so).
   */
  async upgradeView(
    context: ContextRef,
    given: { configFile?: string; host?: string; signal?: AbortSignal } = {}
  ): Promise<UpgradeFacts & { plan: { host: string; output: string; ok: boolean } | null }> {
    const o = { ...given, configFile: given.configFile ?? this.deps.sshConfigFile }
    const kc = await this.deps.kubeConfigFor(context)
    const facts = await upgradeFacts(kc)
    const host = o.host ?? (await readControlPlane(kc).catch(() => null))?.nodes.find(runsApiserver)?.name
    if (!host) return { ...facts, plan: null }
    const mapping = await this.targets(context, o.configFile)
    let session: HostSession | undefined
    try {
      session = await this.deps.openSession(mapping.get(host) ?? { host }, { configFile: o.configFile, context: context.name, purpose: 'kubeadm upgrade plan', signal: o.signal })
      const r = await session.run(sh`kubeadm upgrade plan`, { sudo: true, timeoutMs: 120_000, signal: o.signal, audit: { context: context.name, purpose: 'kubeadm upgrade plan' } })
      return { ...facts, plan: { host, output: `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`.trim(), ok: r.exitCode === 0 } }
    } catch (e) {
      return { ...facts, plan: { host, output: (e as Error).message, ok: false } }
    } finally {
      session?.close()
    }
  }

  async tokens(context: ContextRef): Promise<BootstrapToken[]> {
    return listTokens(await this.deps.kubeConfigFor(context))
  }

  /** The Nodes page's SSH targets by node name; with a -F file of its own, that file's names instead. */
  private async targets(context: ContextRef, configFile: string | undefined): Promise<Map<string, SshTarget>> {
    if (configFile || !this.deps.hostMapping) return new Map()
    return this.deps.hostMapping(context).catch(() => new Map<string, SshTarget>())
  }

  /** One probe per host, in parallel: clocks and time services everywhere, manifests or units on control planes. */
  private async hostChecks(context: ContextRef, api: ApiContext, o: DoctorOptions, signal: AbortSignal): Promise<CheckResult> {
    const mapping = await this.targets(context, o.configFile)
    const cp = new Map(api.controlPlane.nodes.map((n) => [n.name, n]))
    const hosts = o.hosts?.length
      ? o.hosts.map((h) => ({ name: h, node: h, target: { host: h } as SshTarget }))
      : api.controlPlane.allNodes.map((n) => ({ name: n.name, node: n.name, target: mapping.get(n.name) ?? defaultNodeTarget(n, o.configFile, this.deps.env ?? process.env) }))
    const stacked = api.controlPlane.nodes.some((n) => n.pods.some((p) => p.component === 'etcd'))
    const results = await Promise.all(
      hosts.map(async (h): Promise<CheckResult> => {
        let session: HostSession | undefined
        try {
          session = await this.deps.openSession(h.target, { configFile: o.configFile, context: context.name, purpose: 'doctor', signal })
          const sent = Date.now()
          const r = await session.run(HOST_PROBE, { sudo: true, timeoutMs: SSH_TIMEOUT_MS, signal, audit: { context: context.name, purpose: 'doctor' } })
          const probe = parseHostProbe(r.stdout, sent, Date.now())
          const node = cp.get(h.node)
          return {
            findings: [
              ...timeFindings(h.name, probe),
              ...(node
                ? manifestFindings(
                    h.name,
                    h.node,
                    probe,
                    node.pods.map((p) => p.component),
                    stacked
                  )
                : []),
              ...unitFindings(h.name, probe),
              ...journalFindings(h.name, probe)
            ]
          }
        } catch (e) {
          return { findings: [], unknown: [{ subject: h.name, reason: (e as Error).message }] }
        } finally {
          session?.close()
        }
      })
    )
    return { findings: results.flatMap((r) => r.findings), unknown: results.flatMap((r) => r.unknown ?? []) }
  }
}

/** The certificate inventory's findings, with its wording (the window words `certs.finding.<code>`) and fixes. */
function certFindings(inv: CertInventory): DoctorFinding[] {
  const out = inv.findings.map((f): DoctorFinding => {
    const fix: DoctorFinding['fix'] =
      f.fix?.kind === 'csr'
        ? { kind: 'plan', plan: 'csr-approve', name: f.fix.name }
        : f.fix?.kind === 'command'
          ? { kind: 'command', command: f.fix.command }
          : { kind: 'page', page: 'certs' }
    return {
      check: `certificates.${f.code}`,
      area: 'certificates',
      severity: f.severity,
      subject: f.host ? `${f.subject} on ${f.host}` : f.subject,
      message: f.message,
      says: { code: `certs.finding.${f.code}`, params: f.params },
      fix
    }
  })
  if (inv.csrError)
    out.push(finding('certificates.csr', 'certificates', 'warning', 'CertificateSigningRequests', t`Pending certificate requests could not be listed: ${inv.csrError}`))
  return out
}
