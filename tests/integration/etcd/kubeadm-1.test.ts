// kubeadm single control plane, etcd 3.6 (etcdutl): discovery, health, a verified backup, and
// restores that prove the operation model: a truncated snapshot refused in pre-flight with
// nothing changed; SSH connections cut during two different steps (the journal says where),
// resumed to a complete restore; a second restore cut after the data was replaced, rolled back.
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJournal } from '../../../src/main/services/operations'
import { hostExec, labDown, labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../../lab'
import { ETCD_LAB_INSTANCE, clearNamespaces, createNamespace, etcdHarness, killWhenStepStarts, namespaces, type EtcdHarness } from './support'

const skip = labSkipReason()

describe.skipIf(!!skip)(`etcd on kubeadm-1 (etcd 3.6) ${skip ?? ''}`, () => {
  let lab: LabInfo
  let h: EtcdHarness

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: ETCD_LAB_INSTANCE })
    h = etcdHarness(lab)
    await clearNamespaces(lab, ['before', 'after'])
  })
  afterAll(async () => {
    await h?.close()
    if (lab) await labDown(ETCD_LAB_INSTANCE)
  })

  it('discovers the member, apiserver and controllers from the kubeadm manifests', async () => {
    const t = await h.etcd.discover(h.context)
    const node = lab.hosts.find((x) => x.etcdMember)!
    expect(t.layout).toBe('kubeadm')
    expect(t.members.map((m) => [m.host, m.settings.name, m.hostDataDir, m.settings.initialAdvertisePeerUrls[0]])).toEqual([
      [node.name, node.etcdMember!.name, lab.hosts[0].paths.etcdDataDir, node.etcdMember!.peerURL]
    ])
    expect(t.members[0].source).toMatchObject({ kind: 'static-pod', manifest: node.paths.etcdManifest })
    expect(t.apiservers.map((a) => a.etcdServers)).toEqual([['https://127.0.0.1:2379']])
    expect(t.components.map((c) => c.component).sort()).toEqual(['kube-controller-manager', 'kube-scheduler'])
    expect(t.hosts[0].tools.etcdutl?.bumpRevision).toBe(true)
    expect(t.findings).toEqual([])

    const health = await h.etcd.health(t)
    expect(health.ok).toBe(true)
    expect(health.endpoints).toMatchObject([{ member: node.etcdMember!.name, healthy: true, isLeader: true, version: lab.etcd.serverVersion }])
    expect(health.members.map((m) => m.name)).toEqual([node.etcdMember!.name])
  })

  it('without etcd tools on the host, checks health and backs up through etcdctl in the etcd static pod', async () => {
    const t = h.etcd.cached(h.context) ?? (await h.etcd.discover(h.context))
    const node = t.hosts[0]
    // The user's correction "this host has no etcdctl/etcdutl" (as on many kubeadm nodes).
    const bare = h.etcd.correct({ ...t, hosts: t.hosts.map((x) => ({ ...x, tools: { ...x.tools, etcdctl: undefined, etcdutl: undefined } })) })
    expect(bare.findings.map((f) => f.code)).toEqual(['restore-tool-missing'])
    const health = await h.etcd.health(bare)
    expect(health.via).toEqual({ kind: 'pod', namespace: 'kube-system', pod: `etcd-${node.nodeName}` })
    expect(health.ok).toBe(true)
    const r = await h.etcd.backup(bare)
    expect(r.snapshot).toMatchObject({ tool: `etcdctl in pod etcd-${node.nodeName}`, verified: { ok: true } })
    expect(r.snapshot.status.revision).toBeGreaterThan(0)
    // The snapshot went through the data dir's hostPath and is gone from it.
    expect((await hostExec(lab, node.id, `ls ${t.members[0].hostDataDir}`)).stdout.trim()).toBe('member')
    await h.etcd.deleteSnapshot(r.snapshot.id)
    await h.etcd.discover(h.context)
  })

  it('backs up, refuses a truncated snapshot in pre-flight, and restores through two cut connections', async () => {
    const t = h.etcd.cached(h.context)!
    const node = t.members[0].host
    await createNamespace(lab, 'before')
    const backup = await h.etcd.backup(t)
    expect(backup.snapshot).toMatchObject({ member: t.members[0].settings.name, host: node, verified: { ok: true } })
    expect(backup.snapshot.status.revision).toBeGreaterThan(0)
    const onHost = await hostExec(lab, node, 'ls /var/tmp | grep kubedeck-backup || true')
    expect(onHost.stdout.trim()).toBe('')
    await createNamespace(lab, 'after')

    // A snapshot cut short: its catalog entry still claims the original sha256.
    const broken = { ...backup.snapshot, id: `${backup.snapshot.id}-cut`, file: backup.snapshot.file.replace(/\.db$/, '-cut.db') }
    copyFileSync(backup.snapshot.file, broken.file)
    truncateSync(broken.file, backup.snapshot.bytes - 1000)
    writeFileSync(broken.file.replace(/\.db$/, '.json'), JSON.stringify(broken))
    const manifestBefore = await hostExec(lab, node, 'ls /etc/kubernetes/manifests; ls -d /var/lib/etcd*')
    const refused = await h.operations.runToEnd((await h.etcd.planRestore(t, { id: broken.id })).id, 'run', lab.context)
    expect(refused.state).toBe('refused')
    expect(refused.changed).toBe(false)
    expect(refused.steps[0]).toMatchObject({ id: 'verify-snapshot', status: 'failed' })
    expect(refused.steps[0].error).toMatch(/truncated/)
    expect(refused.steps.slice(1).every((s) => s.status === 'pending')).toBe(true)
    expect((await hostExec(lab, node, 'ls /etc/kubernetes/manifests; ls -d /var/lib/etcd*')).stdout).toBe(manifestBefore.stdout)
    expect(await namespaces(lab)).toContain('after')

    // The real restore: the connection dies as `stop-etcd` starts, then again during `restore`.
    const op = await h.etcd.planRestore(t, { id: backup.snapshot.id })
    expect(op.plan.steps.find((s) => s.id === `restore:${node}`)!.actions[0]).toMatchObject({ command: expect.stringContaining('--bump-revision 1000000000 --mark-compacted') })
    const cut1 = killWhenStepStarts(h.operations, lab, `stop-etcd:${node}`, node)
    const first = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(await cut1).toBeGreaterThan(0)
    expect(first.state).toBe('failed')
    expect(first.currentStep).toBe(`stop-etcd:${node}`)
    const stopped = first.steps.find((s) => s.id === `stop-etcd:${node}`)!
    expect(stopped.status).toBe('failed')
    expect(first.steps.filter((s) => s.status === 'succeeded').map((s) => s.id)).toEqual(
      first.plan.steps.slice(0, first.plan.steps.findIndex((s) => s.id === `stop-etcd:${node}`)).map((s) => s.id)
    )
    const { records } = await readJournal(first.journal)
    expect(records.filter((r) => r.t === 'step-end' && !r.ok).map((r) => (r as { step: string }).step)).toEqual([`stop-etcd:${node}`])

    // A new engine (as after a restart) resumes; the connection is cut again during the restore step.
    const again = h.restart()
    const cut2 = killWhenStepStarts(again.operations, lab, `restore:${node}`, node)
    const second = await again.operations.runToEnd(op.id, 'resume', lab.context)
    expect(await cut2).toBeGreaterThan(0)
    expect(second.state).toBe('failed')
    expect(second.currentStep).toBe(`restore:${node}`)
    expect(second.steps.find((s) => s.id === `stop-etcd:${node}`)!.status).toBe('succeeded')

    const done = await again.operations.runToEnd(op.id, 'resume', lab.context)
    expect(done.state, done.error).toBe('succeeded')
    expect(done.steps.every((s) => s.status === 'succeeded')).toBe(true)
    await waitForApiServer(lab)
    const ns = await namespaces(lab)
    expect(ns).toContain('before')
    expect(ns).not.toContain('after')
    const health = await h.etcd.health(t)
    expect(health.ok).toBe(true)
    // The old data is kept aside, the uploaded snapshot is gone.
    const aside = await hostExec(lab, node, `ls -d /var/lib/etcd.kubedeck-aside-*; ls /var/tmp | grep kubedeck-restore || true`)
    expect(aside.stdout.trim().split('\n')).toHaveLength(1)
    await again.close()
  })

  it('rolls back a restore cut after the data was replaced: the pre-restore data comes back', async () => {
    const t = h.etcd.cached(h.context)!
    const node = t.members[0].host
    const snapshot = (await h.etcd.listSnapshots(t.clusterKey)).find((s) => !s.id.endsWith('-cut'))!
    await clearNamespaces(lab, ['after'])
    await createNamespace(lab, 'after')
    const op = await h.etcd.planRestore(t, { id: snapshot.id })
    const cut = killWhenStepStarts(h.operations, lab, 'wait-healthy', node)
    const failed = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(await cut).toBeGreaterThan(0)
    expect(failed.state).toBe('failed')
    expect(failed.currentStep).toBe('wait-healthy')
    const back = await h.operations.runToEnd(op.id, 'rollback', lab.context)
    expect(back.state, back.error).toBe('rolled-back')
    // Every step that changed something before the cut was undone (newest first, by the journal).
    expect(back.steps.filter((s) => s.status === 'undone').map((s) => s.id)).toEqual([
      `stop-apiserver:${node}`,
      `stop-kube-controller-manager:${node}`,
      `stop-kube-scheduler:${node}`,
      `stop-etcd:${node}`,
      `move-aside:${node}`,
      `restore:${node}`,
      `start-etcd:${node}`
    ])
    await waitForApiServer(lab)
    expect(await namespaces(lab)).toContain('after')
    const health = await h.etcd.health(t)
    expect(health.ok).toBe(true)
    // The restored data that was taken away is kept too.
    expect((await hostExec(lab, node, 'ls -d /var/lib/etcd.kubedeck-restored-*')).code).toBe(0)
    const journal = readFileSync(join(h.dataDir, 'operations', `${op.id}.jsonl`), 'utf8')
    expect(journal.split('\n').filter(Boolean).map((l) => JSON.parse(l).t)).toContain('undo-end')
  })

  it('repairs a WAL 0.tmp that is a directory (moved aside, kept), the member healthy again', async () => {
    const t = h.etcd.cached(h.context)!
    const m = t.members[0]
    const wal = `${m.hostDataDir}/member/wal`
    await hostExec(lab, m.host, `rm -f ${wal}/0.tmp && mkdir ${wal}/0.tmp && touch ${wal}/0.tmp/left-behind`)
    const op = await h.etcd.planRepair(t, 'wal-tmp-dir', m.settings.name)
    const done = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(done.state, done.error).toBe('succeeded')
    expect((await hostExec(lab, m.host, `test -d ${wal}/0.tmp`)).code).toBe(1)
    expect((await hostExec(lab, m.host, `cat ${m.hostDataDir}.kubedeck-wal-0.tmp-*/left-behind && echo kept`)).stdout.trim()).toBe('kept')
    await waitForApiServer(lab)
    expect((await h.etcd.health(t)).ok).toBe(true)
  })
})
