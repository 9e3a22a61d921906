// Helpers for SSH tests that need a host to misbehave the way real ones do.
import type { LabInfo } from '../index'
import { LabError } from './errors'
import { run } from './exec'
import { hostRun } from './host'
import { readRuntime } from './state'
import { fingerprint, hostPublicKey, sshdLog } from './ssh-setup'

const WAIT_SSHD = `for i in $(seq 100); do ss -Hltn 'sport = :22' | grep -q . && exit 0; sleep 0.1; done; echo 'sshd is not listening on :22' >&2; exit 1`

/** Restarts the host's sshd (`systemctl restart ssh` there); open sessions survive, as with systemd. */
export async function restartSshd(lab: LabInfo, host: string): Promise<void> {
  await hostRun(lab, host, `systemctl restart ssh && ${WAIT_SSHD}`, { what: `restarting sshd on ${host}`, logPath: sshdLog(lab.stateDir, host) })
}

/**
 * Gives the host a NEW ed25519 host key and restarts its sshd on the same address, so a client
 * holding the lab's known_hosts sees "REMOTE HOST IDENTIFICATION HAS CHANGED". The lab's
 * known_hosts is left as is. Undo with restoreHostKey (other tests share the lab).
 */
export async function replaceHostKey(lab: LabInfo, host: string): Promise<{ previous: string; current: string; publicKey: string }> {
  const previous = await fingerprint(hostPublicKey(lab, host))
  await hostRun(lab, host, `set -e; rm -f /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub; ssh-keygen -q -t ed25519 -N '' -C root@${host} -f /etc/ssh/ssh_host_ed25519_key; systemctl restart ssh; ${WAIT_SSHD}`, {
    what: `replacing the host key of ${host}`,
    logPath: sshdLog(lab.stateDir, host)
  })
  const publicKey = hostPublicKey(lab, host)
  return { previous, current: await fingerprint(publicKey), publicKey }
}

/** Puts back the host key the lab was built with (the one in the lab's known_hosts). */
export async function restoreHostKey(lab: LabInfo, host: string): Promise<void> {
  await hostRun(lab, host, `set -e; cp -p /etc/ssh/lab-original/ssh_host_ed25519_key /etc/ssh/lab-original/ssh_host_ed25519_key.pub /etc/ssh/; systemctl restart ssh; ${WAIT_SSHD}`, {
    what: `restoring the host key of ${host}`,
    logPath: sshdLog(lab.stateDir, host)
  })
}

/**
 * Takes the host's link down (or up): its port on the lab bridge stops passing packets, so
 * open connections go silent (no reset), as when a cable is pulled. Always bring it back up.
 */
export async function setLinkState(lab: LabInfo, host: string, state: 'up' | 'down'): Promise<void> {
  const h = readRuntime(lab.instance)?.hosts[host]
  if (!h) throw new LabError(`host ${host}`, `lab instance "${lab.instance}" has no host "${host}"`)
  for (const veth of h.veth) await run('ip', ['link', 'set', veth, state], { component: 'network', timeoutMs: 10_000 })
}
