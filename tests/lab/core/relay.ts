// Starts both halves of host/relay.ts for a lab with a bastion and returns the machine ports.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { waitFor } from './exec'
import { hostRun } from './host'
import type { LabPlan } from './plan'
import { processStart, type LabRuntime } from './state'
import { RELAY_PROGRAM } from './tools'

/** targets: name → "host:port" on the node network. */
export async function startRelays(lab: { instance: string }, stateDir: string, plan: LabPlan, rt: LabRuntime, targets: Record<string, string>): Promise<Record<string, number>> {
  const dir = join(stateDir, 'relay')
  mkdirSync(dir, { recursive: true })
  // The relay bundled into the tools folder: the bastion sees it as /usr/local/sbin, this side in the state dir.
  const script = join(stateDir, 'tools', RELAY_PROGRAM)
  const sock = (name: string) => join(dir, `${name}.sock`)
  const inside = Object.entries(targets).map(([name, target]) => `${name}=${sock(name)}=${target}`)
  await hostRun(lab, plan.bastionHost!.name, `(setsid ${process.execPath} /usr/local/sbin/${RELAY_PROGRAM} inside ${inside.join(' ')} </dev/null >>/var/log/lab-relay.log 2>&1 &)`, { what: 'starting the relay on the bastion' })
  await waitFor('the bastion relay', () => Object.keys(targets).every((n) => existsSync(sock(n))), { timeoutMs: 15_000, intervalMs: 100, component: 'relay (bastion side)' })
  const portsFile = join(dir, 'ports.json')
  const log = openSync(join(dir, 'outside.log'), 'a')
  const child = spawn(process.execPath, [script, 'outside', portsFile, ...Object.keys(targets).map((n) => `${n}=${sock(n)}`)], { detached: true, stdio: ['ignore', log, log] })
  closeSync(log)
  child.unref()
  rt.processes.push({ pid: child.pid!, start: processStart(child.pid!) ?? '', what: 'relay (machine side)' })
  await waitFor('the machine-side relay', () => existsSync(portsFile), { timeoutMs: 15_000, intervalMs: 100, component: 'relay (machine side)', logPath: join(dir, 'outside.log') })
  return JSON.parse(readFileSync(portsFile, 'utf8')) as Record<string, number>
}
