// Shared by the benchmarks of plans: a process run to its end, and a plan's commands run by hand
// with OpenSSH one after another — each shell action over `ssh host sh -s`, each check polled
// as the engine polls it, built-in steps through the caller's manual equivalents — the
// reference an operation's wall time is compared with.
import { spawn } from 'node:child_process'
import type { Plan, PlanAction, PlanCheck } from '../../src/shared/model/operations'
import type { LabInfo } from '../lab'

export function sh(cmd: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(input ?? '')
  })
}

export const seconds = (since: number) => (performance.now() - since) / 1000

/** Tries `attempt` once a second until it passes or `tries` run out. */
export async function poll(attempt: () => Promise<boolean>, tries = 240): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await attempt()) return true
    await new Promise((r) => setTimeout(r, 1000))
  }
  return false
}

/** Runs the plan's steps by hand; `builtin` does what a person would instead of each built-in step. */
export async function byHand(
  lab: LabInfo,
  plan: Plan,
  builtin: (a: Extract<PlanAction, { kind: 'builtin' }>, ssh: (host: string, command: string) => ReturnType<typeof sh>) => Promise<boolean>
): Promise<number> {
  const ssh = (host: string, command: string) => sh('ssh', ['-F', lab.sshConfig, host, 'sh -s'], command)
  const action = async (a: PlanAction): Promise<boolean> => (a.kind === 'shell' ? (await ssh(a.host, a.command)).code === 0 : builtin(a, ssh))
  const check = async (c: PlanCheck): Promise<boolean> => {
    const deadline = Date.now() + (c.retry?.timeoutMs ?? 0)
    for (;;) {
      if (await action(c.action)) return true
      if (Date.now() > deadline) return false
      await new Promise((r) => setTimeout(r, c.retry?.intervalMs ?? 1000))
    }
  }
  const started = performance.now()
  for (const step of plan.steps) {
    for (const a of step.actions) if (!(await action(a))) throw new Error(`by hand: step ${step.id} failed`)
    if (step.check && !(await check(step.check))) throw new Error(`by hand: check of ${step.id} failed`)
  }
  return seconds(started)
}
