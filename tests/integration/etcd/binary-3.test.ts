// Binary install with three members under systemd (the seed notes' layout: /opt/etcd/cfg/etcd.conf
// through EnvironmentFile, /opt/etcd/ssl) and kube-apiserver on the first host. The seed notes'
// own mistake (a member named etcd-2 listed as etcd2 in --initial-cluster) is refused in
// pre-flight naming both values, with nothing changed; a restore cut during one member's restore
// is rolled back (the pre-restore data is back); a restore cut while starting the members is
// resumed to a cluster of three healthy members on the snapshot's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hintFor } from '../../../src/shared/log-hints'
import { hostExec, labDown, labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../../lab'
import { ETCD_LAB_INSTANCE, clearNamespaces, createNamespace, etcdHarness, killWhenStepStarts, namespaces, type EtcdHarness } from './support'

const skip = labSkipReason()

describe.skipIf(!!skip)(`etcd on binary-3 (systemd, /opt/etcd) ${skip ?? ''}`, () => {
  let lab: LabInfo
  let h: EtcdHarness
  let snapshotId: string

  beforeAll(async () => {
    lab = await requireLab('binary-3', { instance: ETCD_LAB_INSTANCE })
    h = etcdHarness(lab)
    await clearNamespaces(lab, ['before', 'after'])
  })
  afterAll(async () => {
    await h?.close()
    if (lab) await labDown(ETCD_LAB_INSTANCE)
  })

  it('reads the members from the units and /opt/etcd/cfg/etcd.conf, and the apiserver from its unit', async () => {
    const t = await h.etcd.discover(h.context)
    expect(t.layout).toBe('binary')
    expect(t.members.map((m) => m.settings.name).sort()).toEqual(lab.etcd.members.map((m) => m.name).sort())
    for (const m of t.members) {
      const host = lab.hosts.find((x) => x.name === m.host)!
      expect(m.source).toMatchObject({ kind: 'systemd', unit: 'etcd.service', environmentFiles: [host.paths.etcdConf] })
      expect(m.hostDataDir).toBe(host.paths.etcdDataDir)
      expect(m.settings.sources.name).toMatchObject({ kind: 'env', where: host.paths.etcdConf, setting: 'ETCD_NAME' })
      expect(m.hostTls.ca).toBe(`${host.paths.etcdSslDir}/ca.pem`)
    }
    const api = t.apiservers[0]
    expect(api.source).toMatchObject({ kind: 'systemd', unit: 'kube-apiserver.service' })
    expect(api.etcdServers.sort()).toEqual(lab.etcd.members.map((m) => m.clientURL).sort())
    expect(t.findings.filter((f) => f.severity !== 'info')).toEqual([])
    const health = await h.etcd.health(t)
    expect(health.ok, health.problems.join('; ')).toBe(true)
    expect(health.endpoints.filter((e) => e.isLeader)).toHaveLength(1)
  })

  it("refuses the seed notes' etcd2 vs etcd-2 in pre-flight, naming both values, with nothing changed", async () => {
    await createNamespace(lab, 'before')
    const backup = await h.etcd.backup(h.etcd.cached(h.context)!)
    snapshotId = backup.snapshot.id
    // A follower was chosen: the leader keeps its disk for the cluster.
    const leader = (await h.etcd.health(h.etcd.cached(h.context)!)).leader
    expect(backup.snapshot.member).not.toBe(leader)

    const second = lab.etcd.members[1]
    const conf = lab.hosts.find((x) => x.name === second.host)!.paths.etcdConf!
    const wrong = second.name.replace('-', '')
    await hostExec(lab, second.host, `cp -p ${conf} ${conf}.kubedeck-test && sed -i 's|${second.name}=${second.peerURL}|${wrong}=${second.peerURL}|' ${conf}`)
    try {
      const t = await h.etcd.discover(h.context)
      const finding = t.findings.find((f) => f.code === 'name-not-in-initial-cluster')!
      expect(finding).toMatchObject({ host: second.host, member: second.name, blocksRestore: true })
      const before = await hostExec(lab, second.host, 'systemctl is-active etcd; ls -d /var/lib/etcd/*')
      const op = await h.etcd.planRestore(t, { id: snapshotId })
      expect(op.plan.warnings[0]).toContain(`Pre-flight will refuse this plan: Member ${second.name} is called ${wrong} in its own --initial-cluster`)
      const done = await h.operations.runToEnd(op.id, 'run', lab.context)
      expect(done.state).toBe('refused')
      expect(done.changed).toBe(false)
      const step = done.steps.find((s) => s.id === 'verify-configuration')!
      expect(step.status).toBe('failed')
      expect(step.error).toContain(`name: ${second.name}`)
      expect(step.error).toContain(`--initial-cluster entry for ${second.peerURL}: ${wrong}`)
      expect(done.steps.filter((s) => s.status !== 'pending').map((s) => s.id)).toEqual(['verify-snapshot', 'verify-configuration'])
      expect((await hostExec(lab, second.host, 'systemctl is-active etcd; ls -d /var/lib/etcd/*')).stdout).toBe(before.stdout)
    } finally {
      await hostExec(lab, second.host, `mv ${conf}.kubedeck-test ${conf}`)
    }
  })

  it('rolls back a restore cut during a member’s restore: the pre-restore data is back', async () => {
    const t = await h.etcd.discover(h.context)
    expect(t.findings.filter((f) => f.blocksRestore)).toEqual([])
    await createNamespace(lab, 'after')
    const third = t.members[2].host
    const op = await h.etcd.planRestore(t, { id: snapshotId })
    expect(op.plan.steps.find((s) => s.id === `stop-etcd:${third}`)!.actions[0]).toMatchObject({ command: 'systemctl stop etcd.service' })
    const cut = killWhenStepStarts(h.operations, lab, `restore:${third}`, third)
    const failed = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(await cut).toBeGreaterThan(0)
    expect(failed).toMatchObject({ state: 'failed', currentStep: `restore:${third}` })
    const back = await h.operations.runToEnd(op.id, 'rollback', lab.context)
    expect(back.state, back.error).toBe('rolled-back')
    expect(back.steps.find((s) => s.id === `restore:${third}`)!.status).toBe('undone')
    await waitForApiServer(lab)
    expect(await namespaces(lab)).toContain('after')
    const health = await h.etcd.health(t)
    expect(health.ok, health.problems.join('; ')).toBe(true)
  })

  it('restores through a cut while the members start, resumed to three healthy members', async () => {
    const t = h.etcd.cached(h.context)!
    const second = t.members[1].host
    const op = await h.etcd.planRestore(t, { id: snapshotId })
    const cut = killWhenStepStarts(h.operations, lab, `start-etcd:${second}`, second)
    const failed = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(await cut).toBeGreaterThan(0)
    expect(failed).toMatchObject({ state: 'failed', currentStep: `start-etcd:${second}` })
    const done = await h.operations.runToEnd(op.id, 'resume', lab.context)
    expect(done.state, done.error).toBe('succeeded')
    await waitForApiServer(lab)
    const ns = await namespaces(lab)
    expect(ns).toContain('before')
    expect(ns).not.toContain('after')
    const health = await h.etcd.health(t)
    expect(health.ok, health.problems.join('; ')).toBe(true)
    expect(health.members.map((m) => m.name).sort()).toEqual(lab.etcd.members.map((m) => m.name).sort())
    // Each member's old data dir is kept aside, owner and mode carried over to the new one.
    for (const m of t.members) {
      const r = await hostExec(lab, m.host, `stat -c '%U %a' ${m.hostDataDir}; ls -d ${m.hostDataDir}.kubedeck-aside-*`)
      expect(r.stdout.trim().split('\n')[0]).toBe(`root ${m.dataDirStat!.mode}`)
    }
  })

  it('repairs a member that "has already been bootstrapped": removed, re-added, rejoined from a clean data dir', async () => {
    const t = await h.etcd.discover(h.context)
    const m = t.members[2]
    await hostExec(lab, m.host, `systemctl stop etcd && mv ${m.hostDataDir} ${m.hostDataDir}.lost && systemctl start etcd; true`)
    // The member, started empty with ETCD_INITIAL_CLUSTER_STATE=new, refuses to run (the seed notes' symptom).
    await expect
      .poll(async () => (await hostExec(lab, m.host, 'journalctl -u etcd --no-pager | tail -50')).stdout, { timeout: 60_000, interval: 1000 })
      .toContain('has already been bootstrapped')
    // The log viewer's hint knows the line etcd really printed.
    const line = (await hostExec(lab, m.host, 'journalctl -u etcd --no-pager | grep "has already been bootstrapped" | tail -1')).stdout.trim()
    expect(hintFor(line)?.id, line).toBe('etcd-already-bootstrapped')
    const sick = await h.etcd.health(t)
    expect(sick.endpoints.find((e) => e.member === m.settings.name)?.healthy).toBe(false)

    const op = await h.etcd.planRepair(t, 'rejoin-member', m.settings.name)
    const done = await h.operations.runToEnd(op.id, 'run', lab.context)
    expect(done.state, done.error).toBe('succeeded')
    const health = await h.etcd.health(t)
    expect(health.ok, health.problems.join('; ')).toBe(true)
    expect(health.members.map((x) => x.name).sort()).toEqual(t.members.map((x) => x.settings.name).sort())
    // The join settings are gone again; the data dir the member had is kept aside.
    expect((await hostExec(lab, m.host, 'ls /etc/systemd/system/etcd.service.d/ 2>/dev/null | grep kubedeck || true')).stdout.trim()).toBe('')
    expect((await hostExec(lab, m.host, `test -d ${m.hostDataDir}/member`)).code).toBe(0)
  })
})
