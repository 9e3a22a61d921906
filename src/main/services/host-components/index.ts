// Control-plane components on a host, as plans stop, start and check them: a kubeadm static pod
// (its manifest moved out of kubelet's folder and back) or a systemd unit. Every script is safe
// to run again after a dropped connection. Shared by every domain that makes plans (etcd, certs).
import type { ComponentSource } from '../../../shared/model/etcd'
import { described, say } from '../../../shared/plan-messages'
import type { PlanAction, PlanCheck } from '../../../shared/model/operations'
import { script, sh, type ShellCommand } from '../shell'

/** What a check needs to know of a host: whether it has `ss` (else the process is looked for). */
export type HostTools = { tools: { ss: boolean } } | undefined

/** A command for a plan host, run as root (through sudo when the SSH user is not root). */
export const onHost = (host: string, command: ShellCommand, timeoutMs?: number): PlanAction => ({
  kind: 'shell',
  host,
  command: command.text,
  root: true,
  ...(timeoutMs ? { timeoutMs } : {})
})

/** Where a stopped static pod's manifest waits: beside the manifests folder, where kubelet does not look. */
export const manifestAsideDir = (manifestsDir: string, stamp: string) => `${manifestsDir.replace(/\/+$/, '')}.kubedeck-${stamp}`

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1)

/** Where a stopped static pod's manifest is parked. */
export const parkedManifest = (src: Extract<ComponentSource, { kind: 'static-pod' }>, stamp: string) => `${manifestAsideDir(src.manifestsDir, stamp)}/${basename(src.manifest)}`

/** Stops a component: moves its manifest out of kubelet's folder, or `systemctl stop`. */
export function stopScript(src: ComponentSource, stamp: string): ShellCommand {
  if (src.kind === 'static-pod') {
    const parked = parkedManifest(src, stamp)
    return script(
      sh`set -eu`,
      sh`mkdir -p ${manifestAsideDir(src.manifestsDir, stamp)}`,
      sh`if [ -e ${src.manifest} ]; then mv ${src.manifest} ${parked}; fi`,
      sh`test -e ${parked}`
    )
  }
  return sh`systemctl stop ${src.unit}`
}

/**
 * Starts a component again: the manifest back into kubelet's folder (and the parking folder
 * removed once empty), or `systemctl start --no-block` (an etcd unit of Type=notify would
 * otherwise block until the member has quorum, which needs the next member started too).
 */
export function startScript(src: ComponentSource, stamp: string): ShellCommand {
  if (src.kind === 'static-pod') {
    const parked = parkedManifest(src, stamp)
    return script(
      sh`set -eu`,
      sh`if [ -e ${parked} ] && [ ! -e ${src.manifest} ]; then mv ${parked} ${src.manifest}; fi`,
      // The parking folder goes once the last manifest left it (a plan removes what it made).
      sh`rmdir ${manifestAsideDir(src.manifestsDir, stamp)} 2>/dev/null || true`,
      sh`test -e ${src.manifest}`
    )
  }
  return sh`systemctl start --no-block ${src.unit}`
}

/** A shell test that passes when something listens on one of `ports` (ss), or such a process runs (pgrep). */
function listening(host: HostTools, ports: number[], processName: string): ShellCommand {
  if (host?.tools.ss !== false) return sh`ss -Hltn | awk '{print $4}' | grep -Eq ${`[:.](${ports.join('|')})$`}`
  return sh`pgrep -x ${processName.slice(0, 15)} >/dev/null`
}

export function stoppedCheck(hostId: string, host: HostTools, what: string, ports: number[], processName: string): PlanCheck {
  return {
    ...described(say('check.stopped', { what, ports: ports.map((p) => `:${p}`).join(', ') })),
    action: onHost(hostId, sh`if ${listening(host, ports, processName)}; then echo "still running"; exit 1; fi; echo stopped`),
    stdoutMatches: '^stopped$',
    retry: { timeoutMs: 120_000, intervalMs: 1000 }
  }
}

export function runningCheck(hostId: string, host: HostTools, what: string, ports: number[], processName: string, timeoutMs = 180_000): PlanCheck {
  return {
    ...described(say('check.running', { what, ports: ports.map((p) => `:${p}`).join(', ') })),
    action: onHost(hostId, sh`if ${listening(host, ports, processName)}; then echo running; else echo "not yet"; exit 1; fi`),
    stdoutMatches: '^running$',
    retry: { timeoutMs, intervalMs: 1000 }
  }
}

/**
 * Restarts a component so it loads its files again: a static pod's manifest moved out of
 * kubelet's folder until nothing listens on its ports (the pod is gone), then back; a unit
 * restarted without waiting (an etcd unit of Type=notify waits for quorum). Health is for the
 * step's check. Safe to run again: a manifest already parked is put back.
 */
export function restartScript(src: ComponentSource, stamp: string, ports: number[], processName: string): ShellCommand {
  if (src.kind !== 'static-pod') return sh`systemctl restart --no-block ${src.unit}`
  return script(
    stopScript(src, stamp),
    sh`i=0; while ${listening(undefined, ports, processName)}; do i=$((i+1)); if [ $i -ge 90 ]; then echo "still running after 90 s" >&2; break; fi; sleep 1; done`,
    startScript(src, stamp)
  )
}

/** A kubeadm control-plane component's static pod. */
export const kubeadmStaticPod = (component: string): Extract<ComponentSource, { kind: 'static-pod' }> => ({
  kind: 'static-pod',
  manifest: `/etc/kubernetes/manifests/${component}.yaml`,
  manifestsDir: '/etc/kubernetes/manifests'
})
