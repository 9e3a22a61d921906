// Certificate benchmark on the lab (kubeadm-3: three control planes). Prints; asserts nothing.
//
//   inventory  the wizard's inventory of the cluster (every host read in parallel: files,
//              kubeconfigs, served certificates, key checks; chains and findings) against
//              `ssh host kubeadm certs check-expiration` on each control plane in turn — what
//              an admin does today — in the same run, alternating, best of 3. Aim: ≤ 0.5×.
//   renewal    one node's renewal operation (journaled, checked, every step) against the same
//              plan's commands run by hand with OpenSSH one after another (the same waits).
//
// Run: npx tsx tests/bench/certs.bench.ts   (root; the lab instance "certs-bench" is brought down at the end)
import { byHand, poll, seconds, sh } from './by-hand'
import { certsCli, certsServices } from '../integration/certs/support'
import { labDown, requireLab } from '../lab'

const INSTANCE = process.env.KUBEDECK_CERTS_BENCH_INSTANCE ?? 'certs-bench'
const ROUNDS = 3

async function main(): Promise<void> {
  const lab = await requireLab('kubeadm-3', { instance: INSTANCE })
  const cli = certsCli(lab)
  const svc = await certsServices(lab, cli)
  const context = { file: lab.kubeconfig, name: lab.context }
  const cps = lab.hosts.filter((h) => h.roles.includes('control-plane')).map((h) => h.name)
  try {
    const ref: number[] = []
    const wiz: number[] = []
    let count = 0
    for (let round = 1; round <= ROUNDS; round++) {
      let started = performance.now()
      for (const h of cps) {
        const r = await sh('ssh', ['-F', lab.sshConfig, h, 'kubeadm certs check-expiration'])
        if (r.code !== 0) throw new Error(`kubeadm certs check-expiration on ${h}: ${r.stderr}`)
      }
      ref.push(seconds(started))
      started = performance.now()
      const inv = await svc.certs.inventory(context)
      wiz.push(seconds(started))
      count = inv.certificates.length
      console.log(
        `round ${round}: kubeadm over ssh, host by host ${ref.at(-1)!.toFixed(2)} s; inventory ${wiz.at(-1)!.toFixed(2)} s (${count} certificates on ${inv.hosts.length} hosts)`
      )
    }
    const r = Math.min(...wiz) / Math.min(...ref)
    console.log(
      `\ninventory of ${cps.length} control planes (${count} certificates, served ones and key checks included): ${Math.min(...wiz).toFixed(2)} s vs kubeadm certs check-expiration over ssh on each ${Math.min(...ref).toFixed(2)} s → ratio ${r.toFixed(2)} (aim ≤ 0.5)`
    )

    const op = await svc.certs.planRenew(context, { hosts: [cps[0]] })
    const started = performance.now()
    const done = await svc.operations.runToEnd(op.id, 'run', op.plan.confirmText)
    const engine = seconds(started)
    if (done.state !== 'succeeded') throw new Error(`renewal ${done.state}: ${done.error}`)
    const again = await svc.certs.planRenew(context, { hosts: [cps[0]] })
    await svc.operations.abandon(again.id)
    // What a person runs for the one built-in step: /readyz until it answers.
    const manual = await byHand(lab, again.plan, async (a) => {
      if (a.name !== 'certs.readyz') throw new Error(`no manual equivalent for ${a.name}`)
      return poll(async () => (await sh('kubectl', ['--kubeconfig', lab.kubeconfig, 'get', '--raw', '/readyz'])).code === 0)
    })
    console.log(
      `renewal of ${cps[0]} (${done.plan.steps.length} steps): operation ${engine.toFixed(1)} s vs its commands by hand with ssh ${manual.toFixed(1)} s → ratio ${(engine / manual).toFixed(2)}`
    )
  } finally {
    await svc.close()
    cli.close()
    await labDown(INSTANCE)
  }
}

await main()
