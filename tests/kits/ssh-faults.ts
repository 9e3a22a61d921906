// Test kit: SSH connections to a lab host cut the moment a plan step starts (what a dropped
// link or a laptop lid does to an operation), for the fault tests of every domain's plans.
import { spawnSync } from 'node:child_process'
import type { OperationProgress } from '../../src/shared/model/operations'
import type { OperationsService } from '../../src/main/services/operations'
import type { LabInfo } from '../lab'

/**
 * Kills every SSH connection to `host` (sshd's per-connection processes inside the host's
 * network namespace), synchronously: called from a progress listener, the step's next command
 * goes out on a dead connection.
 */
export function killSshConnections(lab: LabInfo, host: string): number {
  const netns = `kubedeck-${lab.instance}-${host}`
  const r = spawnSync(
    'sh',
    [
      '-c',
      `n=0; for p in $(ip netns pids ${netns}); do c=$(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null); case "$c" in "sshd: root@"*|"sshd: root [priv]"*|"sshd-session: root"*) kill -9 $p && n=$((n+1));; esac; done; echo $n`
    ],
    { encoding: 'utf8' }
  )
  if (r.status !== 0) throw new Error(`could not kill SSH connections on ${host} (${netns}): ${r.stderr}`)
  return Number(r.stdout.trim())
}

/** Kills `host`'s SSH connections when step `step` starts (once); resolves with the number killed. */
export function killWhenStepStarts(ops: Pick<OperationsService<never>, 'onProgress'>, lab: LabInfo, step: string, host: string): Promise<number> {
  return new Promise((resolve) => {
    const off = ops.onProgress((p: OperationProgress) => {
      if (p.type === 'step' && p.step === step && p.status === 'running') {
        off()
        resolve(killSshConnections(lab, host))
      }
    })
  })
}

