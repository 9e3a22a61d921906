// kubeadm single control plane whose hosts carry Debian's etcd 3.4 tools: no etcdutl, so the
// restore uses `ETCDCTL_API=3 etcdctl snapshot restore` (which cannot bump the revision — the
// plan says so), and `snapshot status` comes from etcdctl too. Backup, then restore: the
// namespace made before the backup is there, the one made after it is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostExec, labDown, labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../../lab'
import { ETCD_LAB_INSTANCE, clearNamespaces, createNamespace, etcdHarness, namespaces, type EtcdHarness } from './support'

const skip = labSkipReason()

describe.skipIf(!!skip)(`etcd on kubeadm-1 with Debian's etcd 3.4 tools ${skip ?? ''}`, () => {
  let lab: LabInfo
  let h: EtcdHarness

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: ETCD_LAB_INSTANCE, etcd: '3.4' })
    h = etcdHarness(lab)
    await clearNamespaces(lab, ['before', 'after'])
  })
  afterAll(async () => {
    await h?.close()
    if (lab) await labDown(ETCD_LAB_INSTANCE)
  })

  it('backs up and restores with etcdctl 3.4', async () => {
    expect(lab.etcd).toMatchObject({ hostTools: '3.4', restoreWith: 'etcdctl' })
    const t = await h.etcd.discover(h.context)
    const host = t.hosts.find((x) => x.id === t.members[0].host)!
    expect(host.tools.etcdutl).toBeUndefined()
    expect(host.tools.etcdctl?.version).toMatch(/^3\.4\./)
    expect(t.findings.filter((f) => f.blocksRestore)).toEqual([])

    await createNamespace(lab, 'before')
    const backup = await h.etcd.backup(t)
    expect(backup.snapshot.tool).toMatch(/^etcdctl 3\.4\./)
    await createNamespace(lab, 'after')

    const op = await h.etcd.planRestore(t, { id: backup.snapshot.id })
    const restore = op.plan.steps.find((s) => s.id === `restore:${host.id}`)!
    expect(restore.actions[0]).toMatchObject({ command: expect.stringContaining(`ETCDCTL_API=3 ${host.tools.etcdctl!.path} snapshot restore`) })
    expect(restore.actions[0]).not.toMatchObject({ command: expect.stringContaining('--bump-revision') })
    expect(op.plan.warnings.some((w) => w.includes('cannot bump the revision'))).toBe(true)
    const done = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(done.state, done.error).toBe('succeeded')
    await waitForApiServer(lab)
    const ns = await namespaces(lab)
    expect(ns).toContain('before')
    expect(ns).not.toContain('after')
    const health = await h.etcd.health(t)
    expect(health.ok, health.problems.join('; ')).toBe(true)
    expect(health.endpoints[0].version).toBe(lab.etcd.serverVersion)
  })

  it('installs the daily backup cron entry on the member host and runs it once; rollback removes it', async () => {
    const t = h.etcd.cached(h.context) ?? (await h.etcd.discover(h.context))
    const m = t.members[0]
    const op = await h.etcd.planCron(t, { member: m.settings.name, schedule: '15 3 * * *', dir: '/var/backups/etcd-kubedeck-test', keepDays: 5 })
    const done = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(done.state, done.error).toBe('succeeded')
    const entry = await hostExec(lab, m.host, 'cat /etc/cron.d/kubedeck-etcd-backup')
    expect(entry.stdout).toContain('15 3 * * * root mkdir -p -m 700 /var/backups/etcd-kubedeck-test && ETCDCTL_API=3')
    expect(entry.stdout).toContain("-mtime +5 -delete")
    // The job itself, as cron's /bin/sh runs it (the % escapes are cron's, not the shell's).
    const job = entry.stdout.split('\n').find((l) => l.startsWith('15 3'))!.replace(/^(\S+\s+){5}root /, '').replace(/\\%/g, '%')
    expect((await hostExec(lab, m.host, `sh -c ${JSON.stringify(job)} && ls /var/backups/etcd-kubedeck-test | grep -c '^snapshot-.*\\.db$'`)).stdout.trim()).toBe('1')
    const back = await h.operations.runToEnd(op.id, 'rollback', lab.context)
    expect(back.state, back.error).toBe('rolled-back')
    expect((await hostExec(lab, m.host, 'test -e /etc/cron.d/kubedeck-etcd-backup')).code).toBe(1)
  })

  it('with the API server down, reads the hosts it remembers, or the hosts named by hand', async () => {
    const t = h.etcd.cached(h.context) ?? (await h.etcd.discover(h.context))
    const node = t.members[0].host
    const manifest = t.apiservers[0].source.kind === 'static-pod' ? t.apiservers[0].source.manifest : ''
    await hostExec(lab, node, `mv ${manifest} /root/kube-apiserver.yaml`)
    try {
      await waitForApiServer(lab, { ready: false })
      const again = await h.etcd.discover(h.context)
      expect(again.members.map((m) => m.settings.name)).toEqual(t.members.map((m) => m.settings.name))
      expect(again.notes[0]).toMatch(/did not answer .*read the hosts remembered from the discovery of/)
      // A Kubedeck that never saw this cluster says what to do, then reads the hosts it is given.
      const fresh = etcdHarness(lab)
      try {
        await expect(fresh.etcd.discover(h.context)).rejects.toMatchObject({ info: { code: 'etcd.api-unreachable', hint: expect.stringContaining('--host HOST') } })
        const byHand = await fresh.etcd.discover(h.context, { hosts: [node] })
        expect(byHand.members.map((m) => m.settings.name)).toEqual(t.members.map((m) => m.settings.name))
        expect((await fresh.etcd.health(byHand)).ok).toBe(true)
      } finally {
        await fresh.close()
      }
    } finally {
      await hostExec(lab, node, `mv /root/kube-apiserver.yaml ${manifest}`)
      await waitForApiServer(lab)
    }
  })
})
