// The repair plans as data, and the kubeadm manifest edit of the rejoin repair run for real with
// sed on a manifest written by kubeadm (the first member of a stacked control plane).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validatePlan } from '../../../operations'
import { parseStaticPod } from '../../discovery/manifest'
import { resolveEtcdSettings } from '../../discovery/flags'
import { buildCronPlan } from '../cron'
import { buildRepairPlan } from '.'
import { binary3, kubeadm1, kubeadm3, testdata } from '../../../../../../tests/kits/etcd-topologies'

const shell = (plan: ReturnType<typeof buildRepairPlan>, id: string) => (plan.steps.find((s) => s.id === id)!.actions[0] as { command: string }).command

describe('repair: WAL 0.tmp is a directory', () => {
  it('stops the member, moves 0.tmp aside (kept), starts it, waits for health', () => {
    const plan = buildRepairPlan({ topology: kubeadm1(), kind: 'wal-tmp-dir', member: 'cp-1', stamp: 's' })
    validatePlan(plan)
    expect(plan.steps.map((s) => s.id)).toEqual(['inspect', 'stop-etcd:cp-1', 'move-0tmp:cp-1', 'start-etcd:cp-1', 'wait-healthy'])
    expect(shell(plan, 'inspect')).toContain('if [ ! -d /var/lib/etcd/member/wal/0.tmp ]')
    expect(shell(plan, 'move-0tmp:cp-1')).toContain('mv /var/lib/etcd/member/wal/0.tmp /var/lib/etcd.kubedeck-wal-0.tmp-s')
    expect(plan.steps.find((s) => s.id === 'move-0tmp:cp-1')!.undo!.actions[0]).toMatchObject({
      command: expect.stringContaining('mv /var/lib/etcd.kubedeck-wal-0.tmp-s /var/lib/etcd/member/wal/0.tmp')
    })
  })

  it('names the members when asked for one that does not exist', () => {
    expect(() => buildRepairPlan({ topology: kubeadm1(), kind: 'wal-tmp-dir', member: 'etcd-9', stamp: 's' })).toThrow('There is no member etcd-9 in context prod (members: cp-1).')
  })
})

describe('repair: member has already been bootstrapped', () => {
  it('binary: removes and re-adds it from a healthy peer, joins it with an extra EnvironmentFile, cleans up', () => {
    const plan = buildRepairPlan({ topology: binary3(), kind: 'rejoin-member', member: 'etcd-3', stamp: 's' })
    validatePlan(plan)
    expect(plan.steps.map((s) => s.id)).toEqual([
      'preflight-quorum',
      'stop-etcd:node-3',
      'move-aside:node-3',
      'member-remove',
      'member-add',
      'configure:node-3',
      'start-etcd:node-3',
      'wait-healthy',
      'unconfigure:node-3'
    ])
    expect(plan.steps.find((s) => s.id === 'member-remove')!.host).toBe('node-1')
    expect(shell(plan, 'member-remove')).toContain(`awk -F', ' -v n=etcd-3 -v u=https://192.168.0.13:2380`)
    expect(shell(plan, 'member-add')).toContain('member add etcd-3 --peer-urls=https://192.168.0.13:2380')
    const configure = shell(plan, 'configure:node-3')
    expect(configure).toContain(
      `'ETCD_INITIAL_CLUSTER="etcd-1=https://192.168.0.11:2380,etcd-2=https://192.168.0.12:2380,etcd-3=https://192.168.0.13:2380"' 'ETCD_INITIAL_CLUSTER_STATE="existing"'`
    )
    expect(configure).toContain("'[Service]' EnvironmentFile=/etc/systemd/system/etcd.service.d/kubedeck-rejoin.env")
  })

  it('refuses a single-member cluster (nobody to rejoin), pointing to a restore', () => {
    let error: unknown
    try {
      buildRepairPlan({ topology: kubeadm1(), kind: 'rejoin-member', member: 'cp-1', stamp: 's' })
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ info: { code: 'etcd.rejoin-needs-peer', hint: 'A single-member cluster cannot re-add its only member: restore it from a snapshot instead.' } })
  })

  it('kubeadm: rewrites the stopped manifest to join the existing cluster with every member (sed run for real)', () => {
    const plan = buildRepairPlan({ topology: kubeadm3(), kind: 'rejoin-member', member: 'node-1', stamp: 's' })
    validatePlan(plan)
    const script = shell(plan, 'configure:node-1')
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-rejoin-'))
    try {
      const parked = join(dir, 'etcd.yaml')
      writeFileSync(parked, testdata('kubeadm-3/etcd-node-1.yaml'))
      const local = script.replace(`M=/etc/kubernetes/manifests.kubedeck-s/etcd.yaml`, `M=${parked}`)
      expect(local).not.toBe(script)
      const r = spawnSync('/bin/sh', ['-c', local], { encoding: 'utf8' })
      expect(r.status, r.stderr).toBe(0)
      const pod = parseStaticPod(parked, readFileSync(parked, 'utf8'))
      const s = resolveEtcdSettings({ argv: pod.argv.slice(1), env: {}, argvSource: parked })
      expect(s.initialClusterState).toBe('existing')
      expect(s.initialCluster).toBe('node-1=https://198.18.0.26:2380,node-2=https://198.18.0.27:2380,node-3=https://198.18.0.28:2380')
      expect(readFileSync(`${parked}.kubedeck-orig`, 'utf8')).toBe(testdata('kubeadm-3/etcd-node-1.yaml'))
      // Run again (a resumed step): the same result.
      expect(spawnSync('/bin/sh', ['-c', local]).status).toBe(0)
      expect(resolveEtcdSettings({ argv: parseStaticPod(parked, readFileSync(parked, 'utf8')).argv.slice(1), env: {}, argvSource: parked }).initialClusterState).toBe('existing')
      expect(readFileSync(parked, 'utf8').match(/initial-cluster-state/g)).toHaveLength(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('backup cron plan', () => {
  it('writes a cron.d entry that saves into the folder and keeps N days, then runs it once', () => {
    const plan = buildCronPlan(kubeadm1(), { member: 'cp-1', keepDays: 3 })
    validatePlan(plan)
    expect(plan.steps.map((s) => s.id)).toEqual(['preflight', 'install', 'run-once'])
    const install = (plan.steps[1].actions[0] as { command: string }).command
    // The file is written by printf from one argument per line: run that line into a temp file.
    const write = install.split('\n').find((l) => l.startsWith("printf '%s\\n' "))!
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-cron-'))
    const file = join(dir, 'cron')
    try {
      expect(spawnSync('/bin/sh', ['-c', write.replace(/> \S+$/, `> ${file}`)]).status).toBe(0)
      expect(readFileSync(file, 'utf8').split('\n')[3]).toBe(
        "30 2 * * * root mkdir -p -m 700 /var/backups/etcd && ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save /var/backups/etcd/snapshot-$(date +\\%Y\\%m\\%d-\\%H\\%M\\%S).db >/dev/null 2>&1 && find /var/backups/etcd -name 'snapshot-*.db' -mtime +3 -delete"
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(() => buildCronPlan(kubeadm1(), { member: 'cp-1', schedule: 'daily' })).toThrow('"daily" is not a cron schedule')
  })
})
