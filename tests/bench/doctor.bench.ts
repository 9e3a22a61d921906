// Doctor benchmark on the lab (kubeadm-3: three control planes, workers). Prints; asserts nothing.
//
//   full run   `kubedeck doctor` (every check, API and hosts in parallel) against the same checks
//              by hand: a script of kubectl, curl, ssh and etcdctl commands one after another —
//              what an admin runs today — in the same run, alternating, best of 3. Aim: ≤ 10 s.
//
// Run: npx tsx tests/bench/doctor.bench.ts   (root; the lab instance "doctor-bench" is brought down at the end)
import { join } from 'node:path'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { repoRoot } from '../e2e/harness'
import { labDown, requireLab, type LabInfo } from '../lab'
import { seconds, sh } from './by-hand'

const INSTANCE = process.env.KUBEDECK_DOCTOR_BENCH_INSTANCE ?? 'doctor-bench'
const ROUNDS = 3

/** The doctor's checks as an admin types them, one after another. */
function byHandScript(lab: LabInfo): string {
  const k = `kubectl --kubeconfig ${lab.kubeconfig}`
  const ssh = (h: string, cmd: string) => `ssh -F ${lab.sshConfig} ${h} '${cmd}'`
  const cps = lab.hosts.filter((h) => h.roles.includes('control-plane'))
  const member = cps[0]
  return [
    'set +e',
    `${k} get --raw '/livez?verbose' >/dev/null`,
    `${k} get --raw '/readyz?verbose' >/dev/null`,
    ...cps.map((h) => `${k} --server https://${h.address}:6443 get --raw /readyz >/dev/null`),
    `${k} get apiservices >/dev/null`,
    `${k} -n kube-system get lease kube-controller-manager kube-scheduler >/dev/null`,
    `${k} -n kube-system get pods -l tier=control-plane >/dev/null`,
    `${k} get nodes -o wide >/dev/null`,
    `${k} version >/dev/null`,
    `${k} -n kube-system get deploy coredns >/dev/null`,
    `${k} -n kube-system get endpointslices -l kubernetes.io/service-name=kube-dns >/dev/null`,
    `${k} -n kube-system get ds kube-proxy >/dev/null`,
    `${k} get namespaces >/dev/null`,
    `${k} -n kube-system get pods >/dev/null`,
    `${k} get csr >/dev/null`,
    ...lab.hosts.map((h) => ssh(h.name, 'date +%s%N; systemctl is-active chronyd chrony ntpd systemd-timesyncd; ls /etc/kubernetes/manifests') + ' >/dev/null 2>&1'),
    ...cps.map((h) => ssh(h.name, 'kubeadm certs check-expiration') + ' >/dev/null 2>&1'),
    ssh(
      member.name,
      `ETCDCTL_API=3 etcdctl --endpoints=${lab.etcd.members.map((m) => m.clientURL).join(',')} --cacert=${member.paths.etcdCaFile} --cert=${member.paths.etcdCertFile} --key=${member.paths.etcdKeyFile} endpoint health; etcdctl --endpoints=${lab.etcd.members.map((m) => m.clientURL).join(',')} --cacert=${member.paths.etcdCaFile} --cert=${member.paths.etcdCertFile} --key=${member.paths.etcdKeyFile} endpoint status -w table; etcdctl --endpoints=${member.etcdMember?.clientURL} --cacert=${member.paths.etcdCaFile} --cert=${member.paths.etcdCertFile} --key=${member.paths.etcdKeyFile} alarm list`
    ) + ' >/dev/null 2>&1'
  ].join('\n')
}

async function main(): Promise<void> {
  const lab = await requireLab('kubeadm-3', { instance: INSTANCE })
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-bench-doctor-'))
  const cli = join(repoRoot, 'out', 'main', 'cli.js')
  const env = ['env', `KUBECONFIG=${lab.kubeconfig}`, `HOME=${home}`, `KUBEDECK_DATA_DIR=${join(home, 'data')}`, `PATH=${process.env.PATH}`]
  try {
    const ours: number[] = []
    const theirs: number[] = []
    let findings = ''
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now()
      const r = await sh(env[0], [...env.slice(1), process.execPath, cli, 'doctor', '--context', lab.context, '-F', lab.sshConfig, '-o', 'json'])
      ours.push(seconds(t))
      const report = JSON.parse(r.stdout) as { findings: { severity: string }[]; unknown: unknown[]; checks: unknown[] }
      findings = `${report.checks.length} checks, ${report.findings.length} findings (${report.findings.filter((f) => f.severity === 'error').length} errors), ${report.unknown.length} unknown`
      t = performance.now()
      await sh('bash', ['-c', byHandScript(lab)])
      theirs.push(seconds(t))
    }
    const best = (xs: number[]) => Math.min(...xs)
    console.log(
      [
        `doctor on kubeadm-3 (${lab.hosts.length} hosts): ${findings}`,
        `  kubedeck doctor            best ${best(ours).toFixed(2)} s (${ours.map((x) => x.toFixed(2)).join(', ')})   (aim ≤ 10 s)`,
        `  by hand (kubectl/ssh/etcdctl, one after another)   best ${best(theirs).toFixed(2)} s (${theirs.map((x) => x.toFixed(2)).join(', ')})`,
        `  ratio                      ${(best(ours) / best(theirs)).toFixed(2)}×`
      ].join('\n')
    )
  } finally {
    rmSync(home, { recursive: true, force: true })
    await labDown(INSTANCE)
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
