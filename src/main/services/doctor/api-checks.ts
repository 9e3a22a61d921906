// Checks that need only the API: the API server through the kubeconfig's address and on each
// control-plane host directly (a dead one behind a load balancer or VIP), APIServices that are
// not available, leader election, the control plane's pods, nodes, add-ons, namespaces and
// kube-system pods in trouble.
import type { KubeConfig } from '@kubernetes/client-node'
import { t } from '../../../shared/error-messages'
import type { DoctorFinding } from '../../../shared/model/doctor'
import { apiRequest, statusMessage, type RawResponse } from '../cluster/raw'
import { readyzChecks } from '../cluster/overview'
import { diagnoseNamespace } from '../cluster/namespace'
import type { ControlPlaneView } from '../kube'
import { finding, type CheckResult, type DoctorCheck } from './finding'

export interface ApiContext {
  kc: KubeConfig
  server: string
  controlPlane: ControlPlaneView
  /** The API server's version (gitVersion), '' when /version did not answer. */
  version: string
  now: number
}

type Obj = {
  metadata?: { name?: string; namespace?: string; deletionTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: Record<string, unknown>
  status?: Record<string, unknown>
}

async function list(kc: KubeConfig, path: string): Promise<Obj[]> {
  const r = await apiRequest(kc, 'GET', path)
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${statusMessage(r)}`)
  return (r.body as { items?: Obj[] }).items ?? []
}

const failedChecks = (r: RawResponse) =>
  readyzChecks(r.text)
    .filter((c) => !c.ok)
    .map((c) => c.name)
    .join(', ')

/** /livez and /readyz through the kubeconfig's address (a load balancer or VIP, often). */
export const apiThroughKubeconfig: DoctorCheck<ApiContext> = {
  id: 'api.server',
  area: 'api',
  timeoutMs: 15_000,
  async run(c) {
    const out: DoctorFinding[] = []
    for (const path of ['/livez?verbose', '/readyz?verbose']) {
      const r = await apiRequest(c.kc, 'GET', path, undefined, undefined, 'text/plain', { timeoutMs: 10_000 }).catch((e: Error) => e)
      const what = path.slice(1, path.indexOf('?'))
      if (r instanceof Error) {
        out.push(
          finding('api.server', 'api', 'error', c.server, t`The API server at ${c.server} does not answer (${what}): ${r.message}`, {
            kind: 'command',
            command: `curl -k ${c.server}/${what}`
          })
        )
        break
      }
      if (r.status !== 200) {
        const failing = failedChecks(r) || `HTTP ${r.status}`
        out.push(
          finding(
            'api.server',
            'api',
            'error',
            c.server,
            what === 'livez' ? t`The API server at ${c.server} is not live: failing ${failing}.` : t`The API server at ${c.server} is not ready: failing ${failing}.`,
            { kind: 'page', page: 'overview' }
          )
        )
      }
    }
    return { findings: out }
  }
}

/**
 * Each API server on its own host (the `kubernetes` Service's endpoints and every control-plane
 * node), with the same credentials: one that is down behind a load balancer or VIP is found
 * here while the kubeconfig's address still answers.
 */
export const apiOnEachHost: DoctorCheck<ApiContext> = {
  id: 'api.instances',
  area: 'api',
  timeoutMs: 15_000,
  async run(c) {
    const port = new URL(c.server).port || '443'
    const addresses = new Map<string, string>()
    for (const n of c.controlPlane.nodes) if (n.internalIP) addresses.set(n.internalIP, n.name)
    for (const a of c.controlPlane.apiserverAddresses) if (!addresses.has(a)) addresses.set(a, a)
    const results = await Promise.all(
      [...addresses].map(async ([address, name]) => {
        const origin = `https://${address.includes(':') ? `[${address}]` : address}:${port}`
        const r = await apiRequest(c.kc, 'GET', '/readyz?verbose', undefined, undefined, 'text/plain', { origin, timeoutMs: 5000 }).catch((e: Error) => e)
        if (r instanceof Error)
          return finding('api.instances', 'api', 'error', `kube-apiserver on ${name}`, t`The API server on ${name} (${origin}) does not answer: ${r.message}.`, {
            kind: 'command',
            command: `ssh ${name} 'crictl ps -a --name kube-apiserver; journalctl -u kubelet -n 50'`
          })
        if (r.status !== 200)
          return finding(
            'api.instances',
            'api',
            'error',
            `kube-apiserver on ${name}`,
            t`The API server on ${name} is not ready: failing ${failedChecks(r) || `HTTP ${r.status}`}.`,
            {
              kind: 'page',
              page: 'overview'
            }
          )
        return null
      })
    )
    return { findings: results.filter((f): f is DoctorFinding => !!f) }
  }
}

/** APIServices not Available: discovery fails for their group, and so does deleting any namespace. */
export const apiServices: DoctorCheck<ApiContext> = {
  id: 'api.apiservices',
  area: 'api',
  timeoutMs: 10_000,
  async run(c) {
    const items = await list(c.kc, '/apis/apiregistration.k8s.io/v1/apiservices')
    return {
      findings: items.flatMap((s) => {
        const cond = ((s.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[]).find((x) => x.type === 'Available')
        if (!cond || cond.status === 'True') return []
        const name = s.metadata?.name ?? ''
        return [
          finding(
            'api.apiservices',
            'api',
            'error',
            `apiservice/${name}`,
            t`APIService ${name} is not available (${cond.reason ?? 'Unknown'}: ${cond.message ?? ''}): discovery of its group fails, and namespaces cannot finish deleting.`,
            { kind: 'command', command: `kubectl get apiservice ${name} -o yaml   # fix its Service, or: kubectl delete apiservice ${name}` }
          )
        ]
      })
    }
  }
}

/** A Lease's holder and whether it renewed within its duration (no holder, or a stale one: no leader). */
export function leaseState(lease: { spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number } }, now: number): { holder?: string; staleMs?: number } {
  const holder = lease.spec?.holderIdentity || undefined
  const renewed = lease.spec?.renewTime ? Date.parse(lease.spec.renewTime) : NaN
  const limit = (lease.spec?.leaseDurationSeconds ?? 15) * 1000
  const age = now - renewed
  return { holder, ...(!holder || !(age <= limit) ? { staleMs: Number.isFinite(age) ? age : -1 } : {}) }
}

export const leaderElection: DoctorCheck<ApiContext> = {
  id: 'control-plane.leader',
  area: 'control-plane',
  timeoutMs: 10_000,
  async run(c) {
    const out: DoctorFinding[] = []
    for (const component of ['kube-controller-manager', 'kube-scheduler']) {
      const r = await apiRequest(c.kc, 'GET', `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${component}`)
      if (r.status === 404) {
        out.push(
          finding('control-plane.leader', 'control-plane', 'error', component, t`${component} has never held its leader lease (kube-system/${component}): it has not run.`, {
            kind: 'page',
            page: 'overview'
          })
        )
        continue
      }
      if (r.status !== 200) throw new Error(`lease ${component}: ${statusMessage(r)}`)
      const s = leaseState(r.body as Parameters<typeof leaseState>[0], c.now)
      if (s.staleMs !== undefined)
        out.push(
          finding(
            'control-plane.leader',
            'control-plane',
            'error',
            component,
            s.holder
              ? t`${component} has no leader: ${s.holder} last renewed the lease ${Math.round(s.staleMs / 1000)} s ago, beyond its duration.`
              : t`${component} has no leader: its lease has no holder.`,
            { kind: 'command', command: `kubectl -n kube-system get lease ${component} -o yaml; kubectl -n kube-system get pods -l component=${component}` }
          )
        )
    }
    return { findings: out }
  }
}

/** The control plane's pods (kubeadm's mirror pods): not running, not ready, restarting in a loop. */
export const controlPlanePods: DoctorCheck<ApiContext> = {
  id: 'control-plane.pods',
  area: 'control-plane',
  timeoutMs: 10_000,
  async run(c) {
    const pods = await list(c.kc, '/api/v1/namespaces/kube-system/pods?labelSelector=tier%3Dcontrol-plane')
    return {
      findings: pods.flatMap((p) => {
        const name = p.metadata?.name ?? ''
        const statuses = (p.status?.containerStatuses ?? []) as {
          ready?: boolean
          restartCount?: number
          state?: { waiting?: { reason?: string } }
          lastState?: { terminated?: { finishedAt?: string } }
        }[]
        const waiting = statuses.map((s) => s.state?.waiting?.reason).find(Boolean)
        const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0)
        const lastRestart = Math.max(0, ...statuses.map((s) => Date.parse(s.lastState?.terminated?.finishedAt ?? '') || 0))
        if (p.status?.phase !== 'Running' || waiting || statuses.some((s) => !s.ready))
          return [
            finding(
              'control-plane.pods',
              'control-plane',
              'error',
              name,
              t`${name} is not running ready (${waiting ?? String(p.status?.phase ?? 'Unknown')}, ${restarts} restarts).`,
              {
                kind: 'command',
                command: `kubectl -n kube-system logs ${name} --previous`
              }
            )
          ]
        if (restarts >= 5 && c.now - lastRestart < 3_600_000)
          return [
            finding('control-plane.pods', 'control-plane', 'warning', name, t`${name} restarted ${restarts} times, the last within the hour: it may be crashing in a loop.`, {
              kind: 'command',
              command: `kubectl -n kube-system logs ${name} --previous`
            })
          ]
        return []
      })
    }
  }
}

/** kubelet may be up to three minor versions older than kube-apiserver, never newer (the version skew policy). */
export function kubeletSkew(apiserver: string, kubelet: string): 'newer' | 'too-old' | null {
  const minor = (v: string) => Number(v.match(/^v?(\d+)\.(\d+)/)?.[2] ?? NaN)
  const a = minor(apiserver)
  const k = minor(kubelet)
  if (!Number.isFinite(a) || !Number.isFinite(k)) return null
  return k > a ? 'newer' : a - k > 3 ? 'too-old' : null
}

export const nodeChecks: DoctorCheck<ApiContext> = {
  id: 'nodes',
  area: 'nodes',
  timeoutMs: 10_000,
  async run(c) {
    const out: DoctorFinding[] = []
    for (const n of await list(c.kc, '/api/v1/nodes')) {
      const name = n.metadata?.name ?? ''
      const conditions = (n.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[]
      const ready = conditions.find((x) => x.type === 'Ready')
      if (ready?.status !== 'True')
        out.push(
          finding('nodes.ready', 'nodes', 'error', name, t`Node ${name} is NotReady (${ready?.reason ?? 'no Ready condition'}): ${ready?.message ?? ''}`, {
            kind: 'command',
            command: `ssh ${name} 'systemctl status kubelet; journalctl -u kubelet -n 100'`
          })
        )
      for (const p of conditions.filter((x) => x.type !== 'Ready' && x.status === 'True'))
        out.push(finding('nodes.pressure', 'nodes', 'warning', name, t`Node ${name} reports ${p.type}: ${p.message ?? p.reason ?? ''}`, { kind: 'page', page: 'nodes' }))
      if ((n.spec as { unschedulable?: boolean } | undefined)?.unschedulable) {
        const since = ((n.spec as { taints?: { key: string; timeAdded?: string }[] }).taints ?? []).find((x) => x.key === 'node.kubernetes.io/unschedulable')?.timeAdded
        const hours = since ? Math.floor((c.now - Date.parse(since)) / 3_600_000) : undefined
        out.push(
          finding(
            'nodes.cordoned',
            'nodes',
            hours !== undefined && hours >= 24 ? 'warning' : 'info',
            name,
            hours !== undefined ? t`Node ${name} has been cordoned for ${hours} h: no new pods land on it.` : t`Node ${name} is cordoned: no new pods land on it.`,
            { kind: 'plan', plan: 'uncordon', node: name }
          )
        )
      }
      const kubelet = ((n.status?.nodeInfo ?? {}) as { kubeletVersion?: string }).kubeletVersion ?? ''
      const skew = c.version ? kubeletSkew(c.version, kubelet) : null
      if (skew)
        out.push(
          finding(
            'nodes.skew',
            'nodes',
            'error',
            name,
            skew === 'newer'
              ? t`The kubelet on ${name} (${kubelet}) is newer than the API server (${c.version}): the version skew policy forbids it.`
              : t`The kubelet on ${name} (${kubelet}) is more than three minor versions older than the API server (${c.version}): outside the version skew policy.`,
            { kind: 'command', command: `kubeadm upgrade node   # on ${name}, after upgrading kubeadm and kubelet there` }
          )
        )
    }
    return { findings: out }
  }
}

/** CoreDNS available with endpoints behind kube-dns; kube-proxy ready on every node it should run on. */
export const addOns: DoctorCheck<ApiContext> = {
  id: 'add-ons',
  area: 'add-ons',
  timeoutMs: 10_000,
  async run(c) {
    const out: DoctorFinding[] = []
    const dns = await apiRequest(c.kc, 'GET', '/apis/apps/v1/namespaces/kube-system/deployments/coredns')
    if (dns.status === 200) {
      const st = (dns.body as Obj).status ?? {}
      if (!Number(st.availableReplicas ?? 0))
        out.push(
          finding('add-ons.coredns', 'add-ons', 'error', 'coredns', t`CoreDNS has no available replica: names in the cluster do not resolve.`, {
            kind: 'command',
            command: 'kubectl -n kube-system describe deployment coredns; kubectl -n kube-system logs -l k8s-app=kube-dns'
          })
        )
    }
    const slices = await list(c.kc, '/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dkube-dns')
    const readyEndpoints = slices.flatMap((s) => ((s as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []).filter((e) => e.conditions?.ready !== false))
    if (dns.status === 200 && !readyEndpoints.length)
      out.push(
        finding('add-ons.coredns', 'add-ons', 'error', 'kube-dns', t`The kube-dns Service has no ready endpoint: pods cannot resolve names.`, {
          kind: 'command',
          command: 'kubectl -n kube-system get endpointslices -l kubernetes.io/service-name=kube-dns'
        })
      )
    const proxy = await apiRequest(c.kc, 'GET', '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-proxy')
    if (proxy.status === 200) {
      const st = (proxy.body as Obj).status ?? {}
      const want = Number(st.desiredNumberScheduled ?? 0)
      const ready = Number(st.numberReady ?? 0)
      if (ready < want)
        out.push(
          finding('add-ons.kube-proxy', 'add-ons', 'error', 'kube-proxy', t`kube-proxy is ready on ${ready} of ${want} nodes: Services do not work from the others.`, {
            kind: 'command',
            command: 'kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide'
          })
        )
    }
    return { findings: out }
  }
}

/** Namespaces stuck in Terminating (with what holds them), kube-system pods stuck or crashing. */
export const workloadsInTrouble: DoctorCheck<ApiContext> = {
  id: 'workloads',
  area: 'workloads',
  timeoutMs: 20_000,
  async run(c) {
    const out: DoctorFinding[] = []
    const namespaces = (await list(c.kc, '/api/v1/namespaces')).filter((n) => (n.status as { phase?: string } | undefined)?.phase === 'Terminating')
    for (const n of namespaces) {
      const name = n.metadata?.name ?? ''
      const d = await diagnoseNamespace(c.kc, name).catch(() => null)
      const held = d ? [...d.brokenApiServices.map((a) => `APIService ${a.name}`), ...d.held.map((h) => `${h.kind}/${h.name} (${h.finalizers.join(', ')})`)] : []
      out.push(
        finding(
          'workloads.namespace',
          'workloads',
          'warning',
          `namespace/${name}`,
          held.length ? t`Namespace ${name} is stuck in Terminating, held by ${held.join('; ')}.` : t`Namespace ${name} is stuck in Terminating.`,
          { kind: 'plan', plan: 'namespace-unstick', namespace: name }
        )
      )
    }
    for (const p of await list(c.kc, '/api/v1/namespaces/kube-system/pods')) {
      const name = p.metadata?.name ?? ''
      const grace = Number((p.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds ?? 30)
      if (p.metadata?.deletionTimestamp && c.now - Date.parse(p.metadata.deletionTimestamp) > 60_000)
        out.push(
          finding(
            'workloads.terminating',
            'workloads',
            'warning',
            `kube-system/${name}`,
            t`Pod kube-system/${name} has been Terminating since ${p.metadata.deletionTimestamp} (grace period ${grace} s).`,
            {
              kind: 'page',
              page: 'cluster'
            }
          )
        )
      const crash = ((p.status?.containerStatuses ?? []) as { name: string; state?: { waiting?: { reason?: string } } }[]).find(
        (s) => s.state?.waiting?.reason === 'CrashLoopBackOff'
      )
      if (crash)
        out.push(
          finding('workloads.crashloop', 'workloads', 'error', `kube-system/${name}`, t`Container ${crash.name} of kube-system/${name} is in CrashLoopBackOff.`, {
            kind: 'command',
            command: `kubectl -n kube-system logs ${name} -c ${crash.name} --previous`
          })
        )
    }
    return { findings: out }
  }
}

export const API_CHECKS = [apiThroughKubeconfig, apiOnEachHost, apiServices, leaderElection, controlPlanePods, nodeChecks, addOns, workloadsInTrouble]

export type { CheckResult }
