// kubeadm with three stacked control planes, through the CLI as a black box: `etcd status`,
// `etcd backup` (the snapshot path is the last line), and `etcd restore --yes` killed (SIGKILL)
// in the middle of a step; a new process reads the journal (`operations show`) and resumes
// (`operations resume --yes`) to a cluster of three healthy members on the snapshot's data.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OperationDetail } from '../../../src/shared/model/operations'
import { labDown, labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../../lab'
import { ensureBuilt, repoRoot } from '../../e2e/harness'
import { ETCD_LAB_INSTANCE, clearNamespaces, createNamespace, namespaces } from './support'

const skip = labSkipReason()
// The built CLI (rebuilt first when src/ is newer, as the e2e harness does): the code users run.
const CLI = join(repoRoot, 'out', 'main', 'cli.js')

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** The kubedeck CLI in its own process; `until` can kill it (SIGKILL) when its output matches. */
function kubedeck(env: NodeJS.ProcessEnv, args: string[], until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      if (until?.test(stdout) && child.exitCode === null) child.kill('SIGKILL')
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

describe.skipIf(!!skip)(`etcd on kubeadm-3 through the CLI ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  let base: string[]
  let work: string

  beforeAll(async () => {
    ensureBuilt()
    lab = await requireLab('kubeadm-3', { instance: ETCD_LAB_INSTANCE })
    work = mkdtempSync(join(tmpdir(), 'kubedeck-etcd3-'))
    env = { ...process.env, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(work, 'data'), HOME: work }
    base = ['--context', lab.context, '-F', lab.sshConfig]
    await clearNamespaces(lab, ['before', 'after'])
  })
  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true })
    if (lab) await labDown(ETCD_LAB_INSTANCE)
  })

  it('shows three healthy members and their configuration', async () => {
    const r = await kubedeck(env, ['etcd', 'status', ...base, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const { topology, health } = JSON.parse(r.stdout)
    const names = lab.etcd.members.map((m) => m.name).sort()
    expect(topology.members.map((m: { settings: { name: string } }) => m.settings.name).sort()).toEqual(names)
    expect(topology.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([])
    expect(health.ok).toBe(true)
    expect(health.members.map((m: { name: string }) => m.name).sort()).toEqual(names)
    expect(health.endpoints.filter((e: { isLeader: boolean }) => e.isLeader)).toHaveLength(1)
  })

  it('restores through a killed process: the journal says where it stopped, a new process resumes', async () => {
    await createNamespace(lab, 'before')
    const out = join(work, 'snapshots')
    const backup = await kubedeck(env, ['etcd', 'backup', ...base, '--out', out])
    expect(backup.code, backup.stderr).toBe(0)
    const snapshot = backup.stdout.trim().split('\n').pop()!
    expect(snapshot.startsWith(out + '/')).toBe(true)
    expect(JSON.parse(readFileSync(snapshot.replace(/\.db$/, '.json'), 'utf8'))).toMatchObject({ file: snapshot, verified: { ok: true } })
    await createNamespace(lab, 'after')

    // --dry-run prints every step with its commands, checks and undos, and changes nothing.
    const dry = await kubedeck(env, ['etcd', 'restore', ...base, '--snapshot', snapshot, '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain(`[DESTRUCTIVE]  (${lab.etcd.members[0].host}; id stop-apiserver:${lab.etcd.members[0].host})`)
    expect(dry.stdout).toContain('undo: Put the old data back into /var/lib/etcd')
    expect(dry.stdout).toMatch(/Dry run: nothing was changed\. The plan is journaled as \S+\./)
    expect(await namespaces(lab)).toContain('after')

    // Killed while the second member's data dir is being moved aside.
    const target = lab.etcd.members[1].host
    const killed = await kubedeck(env, ['etcd', 'restore', ...base, '--snapshot', snapshot, '--yes'], new RegExp(`step move-aside:${target}\\n`))
    expect(killed.signal).toBe('SIGKILL')
    const id = /Running operation (\S+)/.exec(killed.stdout)![1]

    const shown = await kubedeck(env, ['operations', 'show', id, '--json'])
    const op = JSON.parse(shown.stdout) as OperationDetail
    expect(op.state).toBe('interrupted')
    expect(op.currentStep).toBe(`move-aside:${target}`)
    expect(op.error).toContain(`(move-aside:${target})`)
    expect(op.steps.find((s) => s.id === `move-aside:${target}`)!.status).toBe('interrupted')
    expect(op.canResume && op.canRollback).toBe(true)
    // Every member was given the same --initial-cluster with all three.
    const ic = lab.etcd.members.map((m) => `${m.name}=${m.peerURL}`).join(',')
    for (const m of lab.etcd.members) {
      expect(op.plan.steps.find((s) => s.id === `restore:${m.host}`)!.actions[0]).toMatchObject({ command: expect.stringContaining(`--initial-cluster ${ic} \\`) })
    }

    const resumed = await kubedeck(env, ['operations', 'resume', id, '--yes'])
    expect(resumed.code, resumed.stdout.slice(-3000) + resumed.stderr).toBe(0)
    expect(resumed.stdout).toContain('succeeded')
    await waitForApiServer(lab)
    const ns = await namespaces(lab)
    expect(ns).toContain('before')
    expect(ns).not.toContain('after')
    const status = JSON.parse((await kubedeck(env, ['etcd', 'status', ...base, '--json'])).stdout)
    expect(status.health.ok).toBe(true)
    expect(status.health.members.map((m: { name: string }) => m.name).sort()).toEqual(lab.etcd.members.map((m) => m.name).sort())
    expect(status.health.endpoints.every((e: { healthy: boolean }) => e.healthy)).toBe(true)
  })
})
