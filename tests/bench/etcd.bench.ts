// etcd benchmark on the lab (kubeadm-1, etcd 3.6) holding about 200 MB. Prints; asserts nothing.
//
//   backup   the wizard's save + verify + download (EtcdService.backup: snapshot save, then
//            snapshot status and etcd's checksum on the host while SFTP downloads with sha256
//            on both ends) against `ssh host etcdctl snapshot save` + `scp` of the same file,
//            in the same run, alternating, best of 3 each. Aim: ratio ≤ 1.2.
//   restore  the restore operation's wall time (journaled, checked, every step) against the same
//            plan's commands run by hand one after another with OpenSSH (ssh / scp, the same
//            polling for the checks): the engine's overhead.
//
// Run: npx tsx tests/bench/etcd.bench.ts   (root; the lab instance "etcd-bench" is brought down at the end)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PlanAction } from '../../src/shared/model/operations'
import { byHand, poll, seconds, sh } from './by-hand'
import { buildRestorePlan } from '../../src/main/services/etcd'
import { etcdHarness } from '../integration/etcd/support'
import { hostExec, labDown, requireLab, waitForApiServer, type LabInfo } from '../lab'

const INSTANCE = process.env.KUBEDECK_ETCD_BENCH_INSTANCE ?? 'etcd-bench'
const TARGET_MB = Number(process.env.KUBEDECK_ETCD_BENCH_MB ?? 200)
const ROUNDS = 3

async function fill(lab: LabInfo, host: string): Promise<void> {
  // ~1 MB values under a prefix the API server never reads, until the database is TARGET_MB.
  const ctl =
    'ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key'
  const r = await hostExec(
    lab,
    host,
    `for i in $(seq 1 ${TARGET_MB}); do head -c 786432 /dev/urandom | base64 -w0 | ${ctl} put /kubedeck-bench/$i >/dev/null || exit 1; done; ${ctl} endpoint status -w table`,
    { timeoutMs: 30 * 60_000 }
  )
  if (r.code !== 0) throw new Error(`filling etcd failed: ${r.stderr}`)
  console.log(r.stdout)
}

async function reference(lab: LabInfo, host: string, dir: string, round: number): Promise<number> {
  const remote = `/var/tmp/kubedeck-bench-${round}.db`
  const started = performance.now()
  const save = await sh('ssh', [
    '-F',
    lab.sshConfig,
    host,
    `ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save ${remote} >/dev/null 2>&1`
  ])
  if (save.code !== 0) throw new Error(`reference snapshot save failed: ${save.stderr}`)
  const copy = await sh('scp', ['-q', '-F', lab.sshConfig, `${host}:${remote}`, join(dir, `ref-${round}.db`)])
  if (copy.code !== 0) throw new Error(`scp failed: ${copy.stderr}`)
  const took = seconds(started)
  await sh('ssh', ['-F', lab.sshConfig, host, `rm -f ${remote}`])
  return took
}

/** What a person runs instead of each of the restore's built-in steps. */
function manualStep(lab: LabInfo) {
  return async (a: Extract<PlanAction, { kind: 'builtin' }>, ssh: (host: string, command: string) => ReturnType<typeof sh>): Promise<boolean> => {
    const args = a.args
    switch (a.name) {
      case 'etcd.verifySnapshot':
        return (await sh('sha256sum', [String(args.file)])).code === 0
      case 'etcd.verifyConfiguration':
        for (const m of args.members as { host: string }[]) await ssh(m.host, 'cat /etc/kubernetes/manifests/etcd.yaml >/dev/null')
        return true
      case 'etcd.upload': {
        const host = String(args.host)
        const remote = String(args.remotePath)
        await ssh(host, `mkdir -p -m 700 ${remote.slice(0, remote.lastIndexOf('/'))}`)
        if ((await sh('scp', ['-q', '-F', lab.sshConfig, String(args.localPath), `${host}:${remote}`])).code !== 0) return false
        const tool = args.tool as { path: string }
        return (await ssh(host, `sha256sum ${remote} && ${tool.path} snapshot status ${remote} -w json`)).code === 0
      }
      case 'etcd.waitHealthy': {
        const tls = args.tls as { ca: string; cert: string; key: string }
        const cmd = `ETCDCTL_API=3 ${String(args.etcdctl)} --endpoints=${(args.endpoints as string[]).join(',')} --cacert=${tls.ca} --cert=${tls.cert} --key=${tls.key} endpoint health`
        return poll(async () => (await ssh(String(args.host), cmd)).code === 0)
      }
      case 'etcd.readyz':
        return poll(async () => (await sh('kubectl', ['--kubeconfig', lab.kubeconfig, 'get', '--raw', '/readyz'])).code === 0)
    }
    throw new Error(`no manual equivalent for ${a.name}`)
  }
}

async function main(): Promise<void> {
  const lab = await requireLab('kubeadm-1', { instance: INSTANCE })
  const h = etcdHarness(lab)
  const work = mkdtempSync(join(tmpdir(), 'kubedeck-etcd-bench-'))
  try {
    const t = await h.etcd.discover(h.context)
    const host = t.members[0].host
    console.log(`filling etcd on ${host} with ~${TARGET_MB} MB…`)
    await fill(lab, host)

    const ref: number[] = []
    const wiz: number[] = []
    let bytes = 0
    let lastSnapshot = ''
    for (let round = 1; round <= ROUNDS; round++) {
      ref.push(await reference(lab, host, work, round))
      const started = performance.now()
      const r = await h.etcd.backup(t, { member: t.members[0].settings.name, folder: join(work, 'wizard') })
      wiz.push(seconds(started))
      bytes = r.snapshot.bytes
      lastSnapshot = r.snapshot.file
      console.log(
        `round ${round}: reference ${ref.at(-1)!.toFixed(2)} s; wizard ${wiz.at(-1)!.toFixed(2)} s (save ${(r.timings.saveMs / 1000).toFixed(2)}, verify ${(r.timings.verifyMs / 1000).toFixed(2)} ∥ download ${(r.timings.downloadMs / 1000).toFixed(2)})`
      )
    }
    const bestRef = Math.min(...ref)
    const bestWiz = Math.min(...wiz)
    console.log(
      `\nbackup of ${(bytes / 1048576).toFixed(0)} MiB: wizard ${bestWiz.toFixed(2)} s vs etcdctl snapshot save + scp ${bestRef.toFixed(2)} s → ratio ${(bestWiz / bestRef).toFixed(2)} (aim ≤ 1.2)`
    )

    const snapshot = { file: lastSnapshot, sha256: (await h.etcd.resolveSnapshot({ file: lastSnapshot })).sha256, bytes }
    const op = await h.etcd.planRestore(t, { file: lastSnapshot })
    const started = performance.now()
    const done = await h.operations.runToEnd(op.id, 'run', lab.context)
    const engine = seconds(started)
    if (done.state !== 'succeeded') throw new Error(`restore ${done.state}: ${done.error}`)
    await waitForApiServer(lab)
    const stamp = `bench-${Date.now()}`
    const manual = await byHand(lab, buildRestorePlan({ topology: t, snapshot, stamp }), manualStep(lab))
    console.log(
      `restore (${done.plan.steps.length} steps): wizard ${engine.toFixed(1)} s vs its commands by hand with ssh/scp ${manual.toFixed(1)} s → ratio ${(engine / manual).toFixed(2)}`
    )
  } finally {
    await h.close()
    rmSync(work, { recursive: true, force: true })
    await labDown(INSTANCE)
  }
}

await main()
