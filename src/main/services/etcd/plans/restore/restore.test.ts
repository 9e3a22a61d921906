// The restore plan as data (what runs where, in which order, with which flags) for the three
// layouts, and its data-dir scripts run for real: against a real etcd 3.4 (Debian's etcd and
// etcdctl) whose snapshot is restored, rolled back, resumed after a half-finished attempt, and
// finally served by etcd again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validatePlan } from '../../../operations'
import type { ShellCommand } from '../../../shell'
import { buildRestorePlan } from '.'
import { binary3, kubeadm1, kubeadm3, snapshot, topology } from '../../../../../../tests/kits/etcd-topologies'
import { dataDirPaths, moveAsideScript, restoreScript, undoMoveAsideScript, undoRestoreScript } from '../scripts'

describe('restore plan', () => {
  it('kubeadm single control plane: the official order, every destructive step undoable', () => {
    const plan = buildRestorePlan({ topology: kubeadm1(), snapshot, stamp: '20250102-030405' })
    validatePlan(plan)
    expect(plan.steps.map((s) => s.id)).toEqual([
      'verify-snapshot',
      'verify-configuration',
      'preflight-host:cp-1',
      'upload:cp-1',
      'stop-apiserver:cp-1',
      'stop-kube-controller-manager:cp-1',
      'stop-kube-scheduler:cp-1',
      'stop-etcd:cp-1',
      'move-aside:cp-1',
      'restore:cp-1',
      'start-etcd:cp-1',
      'wait-healthy',
      'start-apiserver:cp-1',
      'start-kube-controller-manager:cp-1',
      'start-kube-scheduler:cp-1',
      'verify-readyz',
      'cleanup:cp-1'
    ])
    expect(plan.confirmText).toBe('prod')
    const cmd = (id: string) => plan.steps.find((s) => s.id === id)!.actions.map((a) => (a.kind === 'shell' ? a.command : a.display.join('\n'))).join('\n')
    expect(cmd('stop-apiserver:cp-1')).toContain(
      'mv /etc/kubernetes/manifests/kube-apiserver.yaml /etc/kubernetes/manifests.kubedeck-20250102-030405/kube-apiserver.yaml'
    )
    expect(cmd('restore:cp-1')).toContain(
      [
        '/usr/local/bin/etcdutl snapshot restore /var/tmp/kubedeck-restore-20250102-030405/snapshot.db \\',
        '  --name cp-1 \\',
        '  --initial-cluster cp-1=https://198.18.0.11:2380 \\',
        '  --initial-cluster-token etcd-cluster \\',
        '  --initial-advertise-peer-urls https://198.18.0.11:2380 \\',
        '  --data-dir "$S" \\',
        '  --bump-revision 1000000000 --mark-compacted'
      ].join('\n')
    )
    expect(cmd('move-aside:cp-1')).toContain("D=/var/lib/etcd; A=/var/lib/etcd.kubedeck-aside-20250102-030405")
    expect(plan.steps.find((s) => s.id === 'stop-etcd:cp-1')!.check!.action).toMatchObject({ command: expect.stringContaining("grep -Eq '[:.](2379)$'") })
    expect(plan.steps.find((s) => s.id === 'stop-apiserver:cp-1')!.check!.retry).toEqual({ timeoutMs: 120_000, intervalMs: 1000 })
    for (const s of plan.steps.filter((x) => x.destructive)) expect(s.undo, s.id).toBeDefined()
    expect(plan.steps.filter((s) => s.preflight).every((s, i) => plan.steps.indexOf(s) === i)).toBe(true)
  })

  it('binary three members: systemctl, each member its own name and peer URL, the shared cluster, etcdctl 3.4 without bumping', () => {
    const plan = buildRestorePlan({ topology: binary3(), snapshot, stamp: 's' })
    validatePlan(plan)
    const ids = plan.steps.map((s) => s.id)
    expect(ids.indexOf('stop-apiserver:node-1')).toBeLessThan(ids.indexOf('stop-etcd:node-1'))
    expect(ids.filter((i) => i.startsWith('restore:'))).toEqual(['restore:node-1', 'restore:node-2', 'restore:node-3'])
    expect(ids.indexOf('wait-healthy')).toBeLessThan(ids.indexOf('start-apiserver:node-1'))
    const shell = (id: string) => (plan.steps.find((s) => s.id === id)!.actions[0] as { command: string }).command
    expect(shell('stop-etcd:node-2')).toBe('systemctl stop etcd.service')
    expect(shell('start-etcd:node-2')).toBe('systemctl start --no-block etcd.service')
    const ic = 'etcd-1=https://192.168.0.11:2380,etcd-2=https://192.168.0.12:2380,etcd-3=https://192.168.0.13:2380'
    for (const n of [1, 2, 3]) {
      expect(shell(`restore:node-${n}`)).toContain(`--name etcd-${n} \\\n  --initial-cluster ${ic} \\`)
      expect(shell(`restore:node-${n}`)).toContain(`--initial-advertise-peer-urls https://192.168.0.1${n}:2380`)
      expect(shell(`restore:node-${n}`)).toContain(`D=/var/lib/etcd/default.etcd;`)
    }
    expect(shell('restore:node-3')).toContain('ETCDCTL_API=3 /usr/bin/etcdctl snapshot restore')
    expect(shell('restore:node-3')).not.toContain('--bump-revision')
    expect(plan.warnings.some((w) => w.startsWith('node-3 restores with etcdctl 3.4.23, which cannot bump the revision'))).toBe(true)
    // node-3 has no ss: its checks look for the process instead; it is not root: sudo.
    expect(plan.steps.find((s) => s.id === 'stop-etcd:node-3')!.check!.action).toMatchObject({ command: expect.stringContaining('pgrep -x etcd') })
    expect(plan.hosts['node-3'].root).toBe(false)
    expect(plan.steps.find((s) => s.id === 'stop-etcd:node-3')!.actions[0]).toMatchObject({ root: true })
  })

  it('says up front when pre-flight will refuse the plan', () => {
    const t = binary3()
    t.findings = [{ code: 'name-not-in-initial-cluster', severity: 'error', title: 'Member etcd-2 is called etcd2 in its own --initial-cluster', explanation: '', values: {}, blocksRestore: true }]
    const plan = buildRestorePlan({ topology: t, snapshot, stamp: 's' })
    expect(plan.warnings[0]).toBe('Pre-flight will refuse this plan: Member etcd-2 is called etcd2 in its own --initial-cluster.')
  })

  it('refuses to plan without members', () => {
    expect(() => buildRestorePlan({ topology: topology({}), snapshot, stamp: 's' })).toThrow(/No etcd member was found for context prod/)
  })
})

// ---- the data-dir scripts against a real etcd 3.4 ----

const ETCD = '/usr/bin/etcd'
const ETCDCTL = '/usr/bin/etcdctl'

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise((r) => s.close(r))
  return port
}

function run(script: string | ShellCommand): { code: number; out: string } {
  const r = spawnSync('/bin/sh', ['-c', String(script)], { encoding: 'utf8' })
  return { code: r.status ?? -1, out: r.stdout + r.stderr }
}

async function startEtcd(dataDir: string, name: string, client: number, peer: number): Promise<ChildProcess> {
  const p = spawn(ETCD, [
    `--name=${name}`,
    `--data-dir=${dataDir}`,
    `--listen-client-urls=http://127.0.0.1:${client}`,
    `--advertise-client-urls=http://127.0.0.1:${client}`,
    `--listen-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
    `--initial-cluster=${name}=http://127.0.0.1:${peer}`
  ], { stdio: 'ignore' })
  for (let i = 0; i < 100; i++) {
    if (spawnSync(ETCDCTL, [`--endpoints=http://127.0.0.1:${client}`, 'endpoint', 'health']).status === 0) return p
    await new Promise((r) => setTimeout(r, 100))
  }
  p.kill()
  throw new Error('etcd did not start')
}

const stop = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGTERM'))))

describe('restore scripts on a real etcd 3.4', () => {
  let root: string
  let snap: string
  let client: number
  let peer: number
  const ctl = (args: string) => run(`${ETCDCTL} --endpoints=http://127.0.0.1:${client} ${args}`)

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kubedeck-restore-'))
    ;[client, peer] = [await freePort(), await freePort()]
    const etcd = await startEtcd(join(root, 'etcd'), 'm1', client, peer)
    expect(ctl('put before 1').code).toBe(0)
    snap = join(root, 'snap.db')
    expect(ctl(`snapshot save ${snap}`).code).toBe(0)
    expect(ctl('put after 1').code).toBe(0)
    await stop(etcd)
  }, 30_000)
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('moves aside, restores (again: a no-op; after a half attempt: cleanly), undoes both, and etcd serves each state', async () => {
    const p = dataDirPaths(join(root, 'etcd'), 't1')
    const cmd = {
      tool: { path: ETCDCTL, kind: 'etcdctl' as const },
      snapshot: snap,
      name: 'm1',
      initialCluster: `m1=http://127.0.0.1:${peer}`,
      initialClusterToken: 'etcd-cluster',
      peerUrls: [`http://127.0.0.1:${peer}`]
    }
    run(`chmod 0700 ${p.dir}`)
    const walBefore = readFileSync(join(p.dir, 'member', 'snap', 'db')).length

    expect(run(moveAsideScript(p))).toMatchObject({ code: 0 })
    expect(existsSync(p.dir)).toBe(false)
    expect(run(moveAsideScript(p)).out).toContain(`already moved aside: ${p.aside}`)

    // A half-finished earlier attempt left junk in the staging folder: it is discarded.
    mkdirSync(join(p.staging, 'member'), { recursive: true })
    writeFileSync(join(p.staging, 'member', 'junk'), 'x')
    const restored = run(restoreScript(p, cmd))
    expect(restored.code, restored.out).toBe(0)
    expect(existsSync(join(p.dir, 'member', 'wal'))).toBe(true)
    expect(existsSync(join(p.dir, 'member', 'junk'))).toBe(false)
    expect(statSync(p.dir).mode & 0o777).toBe(0o700)
    expect(run(restoreScript(p, cmd)).out).toContain(`already restored into ${p.dir}`)

    let etcd = await startEtcd(p.dir, 'm1', client, peer)
    expect(ctl('get before --print-value-only').out.trim()).toBe('1')
    expect(ctl('get after --print-value-only').out.trim()).toBe('')
    await stop(etcd)

    expect(run(undoRestoreScript(p))).toMatchObject({ code: 0 })
    expect(existsSync(join(p.restored, 'data', 'member'))).toBe(true)
    expect(run(undoMoveAsideScript(p))).toMatchObject({ code: 0 })
    expect(existsSync(p.aside)).toBe(false)
    expect(readFileSync(join(p.dir, 'member', 'snap', 'db')).length).toBe(walBefore)
    // Undos run twice change nothing more.
    expect(run(undoRestoreScript(p))).toMatchObject({ code: 0 })
    expect(run(undoMoveAsideScript(p)).out).toContain('nothing aside')
    etcd = await startEtcd(p.dir, 'm1', client, peer)
    expect(ctl('get after --print-value-only').out.trim()).toBe('1')
    await stop(etcd)
  }, 60_000)

  it('refuses to put old data over a non-empty data dir', () => {
    const p = dataDirPaths(join(root, 'other'), 't2')
    mkdirSync(join(p.aside, 'member'), { recursive: true })
    mkdirSync(join(p.dir, 'member'), { recursive: true })
    const r = run(undoMoveAsideScript(p))
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${p.dir} exists and is not empty: refusing to move ${p.aside} over it`)
  })
})

describe('restore plan on kubeadm stacked control planes', () => {
  it('gives every member the full --initial-cluster, though each manifest lists only the members before it', () => {
    const plan = buildRestorePlan({ topology: kubeadm3(), snapshot, stamp: 's' })
    validatePlan(plan)
    const ic = 'node-1=https://198.18.0.26:2380,node-2=https://198.18.0.27:2380,node-3=https://198.18.0.28:2380'
    for (const n of [1, 2, 3]) {
      const cmd = (plan.steps.find((s) => s.id === `restore:node-${n}`)!.actions[0] as { command: string }).command
      expect(cmd).toContain(`--name node-${n} \\\n  --initial-cluster ${ic} \\`)
      expect(cmd).toContain(`--initial-advertise-peer-urls https://198.18.0.2${5 + n}:2380`)
    }
    // Every apiserver is stopped before any member, and started only after all are healthy.
    const ids = plan.steps.map((s) => s.id)
    expect(Math.max(...[1, 2, 3].map((n) => ids.indexOf(`stop-apiserver:node-${n}`)))).toBeLessThan(Math.min(...[1, 2, 3].map((n) => ids.indexOf(`stop-etcd:node-${n}`))))
    expect(Math.min(...[1, 2, 3].map((n) => ids.indexOf(`start-apiserver:node-${n}`)))).toBeGreaterThan(ids.indexOf('wait-healthy'))
  })
})
