// Checks that read the hosts over SSH (what API-only doctors cannot see): each host's clock
// against this machine's and whether a time service runs; on kubeadm control planes, each
// manifest in /etc/kubernetes/manifests against its mirror pod; on binary installs, each
// component unit's state. One probe per host; a host that cannot be reached makes its
// checks unknown, not the run fail.
import { t } from '../../../shared/error-messages'
import type { DoctorFinding } from '../../../shared/model/doctor'
import { sh } from '../shell'
import { finding } from './finding'
import { hintFor } from '../../../shared/log-hints'

/** etcd's own limit for clock drift between members is 1 s; warn at half of it. */
export const CLOCK_WARN_MS = 500
export const CLOCK_ERROR_MS = 1000

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']

/**
 * One command per host; every line is `key=value` so the output cannot be misread. Units are read
 * only where no kubeadm manifests are (a binary install), and only those an installer put in
 * /etc/systemd/system or enabled: a package's own etcd.service, disabled beside kubeadm's static
 * pod, is no component.
 */
export const HOST_PROBE = sh`now=$(date +%s%N); echo "now=$now"; for s in chronyd chrony ntpd ntp systemd-timesyncd openntpd; do systemctl is-active --quiet "$s" 2>/dev/null && echo "sync=$s"; done; if [ -d /etc/kubernetes/manifests ]; then echo layout=kubeadm; for f in /etc/kubernetes/manifests/*.yaml; do [ -e "$f" ] && echo "manifest=$(basename "$f" .yaml)"; done; else for u in ${COMPONENTS}; do if [ -e "/etc/systemd/system/$u.service" ] || systemctl is-enabled --quiet "$u" 2>/dev/null; then echo "unit=$u:$(systemctl is-active "$u" 2>/dev/null)"; fi; done; fi; journalctl -u kubelet -u containerd -u docker -u crio --since -15min --no-pager 2>/dev/null | tail -n 1000 | sed 's/^/log=/'`

export interface HostProbe {
  /** The host's clock (ms since the epoch) and when this machine asked and heard back. */
  remoteMs: number
  sentMs: number
  receivedMs: number
  sync: string[]
  kubeadm: boolean
  manifests: string[]
  units: { name: string; state: string }[]
  /** The last quarter hour of the kubelet's and the container runtime's journal. */
  log: string[]
}

export function parseHostProbe(stdout: string, sentMs: number, receivedMs: number): HostProbe {
  const values = (key: string) =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith(`${key}=`))
      .map((l) => l.slice(key.length + 1).trim())
  const now = values('now')[0] ?? ''
  return {
    remoteMs: /^\d+$/.test(now) ? Number(BigInt(now) / 1_000_000n) : NaN,
    sentMs,
    receivedMs,
    sync: values('sync'),
    kubeadm: values('layout').includes('kubeadm'),
    manifests: values('manifest'),
    units: values('unit').map((u) => ({ name: u.slice(0, u.indexOf(':')), state: u.slice(u.indexOf(':') + 1) || 'unknown' })),
    log: values('log')
  }
}

/** The host's clock minus this machine's, taking the middle of the round trip; and how sure that is (± half of it). */
export function clockOffset(p: Pick<HostProbe, 'remoteMs' | 'sentMs' | 'receivedMs'>): { offsetMs: number; uncertaintyMs: number } {
  return { offsetMs: p.remoteMs - (p.sentMs + p.receivedMs) / 2, uncertaintyMs: (p.receivedMs - p.sentMs) / 2 }
}

export function timeFindings(host: string, p: HostProbe): DoctorFinding[] {
  const out: DoctorFinding[] = []
  const { offsetMs, uncertaintyMs } = clockOffset(p)
  // Only what the round trip cannot explain counts as drift.
  const drift = Math.max(0, Math.abs(offsetMs) - uncertaintyMs)
  if (drift > CLOCK_WARN_MS)
    out.push(
      finding(
        'time.offset',
        'time',
        drift > CLOCK_ERROR_MS ? 'error' : 'warning',
        host,
        offsetMs > 0
          ? t`The clock of ${host} is ${Math.round(offsetMs)} ms ahead of this machine's (±${Math.round(uncertaintyMs)} ms): etcd and certificates need clocks within 1 s.`
          : t`The clock of ${host} is ${Math.round(-offsetMs)} ms behind this machine's (±${Math.round(uncertaintyMs)} ms): etcd and certificates need clocks within 1 s.`,
        { kind: 'command', command: `ssh ${host} 'timedatectl; chronyc tracking || ntpq -p'` }
      )
    )
  if (!p.sync.length)
    out.push(
      finding('time.sync', 'time', 'warning', host, t`No time synchronisation service (chrony, ntpd, systemd-timesyncd) runs on ${host}.`, {
        kind: 'command',
        command: `ssh ${host} 'apt-get install -y chrony || yum install -y chrony; systemctl enable --now chronyd || systemctl enable --now chrony'`
      })
    )
  return out
}

/**
 * A kubeadm control plane: every component's manifest present and each with a mirror pod the
 * API shows on that node. `pods`: the components whose mirror pods exist there.
 */
export function manifestFindings(host: string, node: string, p: HostProbe, pods: string[], stackedEtcd: boolean): DoctorFinding[] {
  if (!p.kubeadm) return []
  const out: DoctorFinding[] = []
  const wanted = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', ...(stackedEtcd ? ['etcd'] : [])]
  for (const c of wanted.filter((c) => !p.manifests.includes(c)))
    out.push(
      finding(
        'control-plane.manifests',
        'control-plane',
        'error',
        `${c} on ${node}`,
        t`${c}'s manifest is missing from /etc/kubernetes/manifests on ${host}: the kubelet does not run it there.`,
        { kind: 'command', command: `ssh ${host} 'ls -la /etc/kubernetes/manifests; ls /etc/kubernetes/*.yaml /root/*.yaml 2>/dev/null'   # put ${c}.yaml back` }
      )
    )
  for (const c of p.manifests.filter((m) => COMPONENTS.includes(m) && !pods.includes(m)))
    out.push(
      finding(
        'control-plane.manifests',
        'control-plane',
        'error',
        `${c} on ${node}`,
        t`${host} has a manifest for ${c} but the API shows no ${c} pod on ${node}: the kubelet is not running it.`,
        {
          kind: 'command',
          command: `ssh ${host} 'crictl ps -a --name ${c}; journalctl -u kubelet -n 100 | grep -i ${c}'`
        }
      )
    )
  return out
}

/** A binary install: each component unit active. */
export function unitFindings(host: string, p: HostProbe): DoctorFinding[] {
  return p.units
    .filter((u) => u.state !== 'active')
    .map((u) =>
      finding('control-plane.units', 'control-plane', 'error', `${u.name} on ${host}`, t`${u.name}.service on ${host} is ${u.state}.`, {
        kind: 'command',
        command: `ssh ${host} 'systemctl status ${u.name}; journalctl -u ${u.name} -n 100'`
      })
    )
}

/**
 * Known errors in the kubelet's and the runtime's journal of the last quarter hour (the log
 * hint catalogue the log viewer uses): one finding per hint and host, with how often it appeared
 * and the last line. The window words it from the hint (`log-hint.<id>`).
 */
export function journalFindings(host: string, p: Pick<HostProbe, 'log'>): DoctorFinding[] {
  const seen = new Map<string, { count: number; line: string; hint: NonNullable<ReturnType<typeof hintFor>> }>()
  for (const line of p.log) {
    const hint = hintFor(line)
    if (!hint) continue
    const s = seen.get(hint.id)
    seen.set(hint.id, { count: (s?.count ?? 0) + 1, line, hint })
  }
  return [...seen.values()].map(({ count, line, hint }) => {
    const unit = line.match(/\b(kubelet|containerd|dockerd|crio)\[/)?.[1] ?? 'kubelet'
    const f = finding(
      'nodes.journal',
      'nodes',
      'warning',
      `${unit} on ${host}`,
      t`${hint.en.title} — ${count} times in ${unit}'s journal on ${host} in the last 15 minutes: ${hint.en.meaning}`,
      {
        kind: 'command',
        command: `ssh ${host} 'journalctl -u ${unit} --since -15min --no-pager | tail -n 50'   # last: ${line.slice(0, 200)}`
      }
    )
    return { ...f, says: { code: `log-hint.${hint.id}`, params: { host, unit, count } } }
  })
}
