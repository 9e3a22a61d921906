// Shared by the certificate integration tests: the lab instance they share, kubeadm's own view
// of a host (`kubeadm certs check-expiration -o json`, the oracle), the built CLI with a private
// data folder, and the real services in this process for the fault tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import type { CertInventory } from '../../../src/shared/model/certs'
import { createServices, type Services } from '../../../src/main/composition'
import { runBuiltKubedeck, type RunResult } from '../../kits/programs'
import { hostRun, kubectl, type LabInfo } from '../../lab'
import { batch } from '../etcd/support'

/** One instance for the certificate files, one topology after another; each file takes it down at its end. */
export const CERTS_LAB_INSTANCE = process.env.KUBEDECK_CERTS_LAB_INSTANCE ?? 'certs'

export interface KubeadmExpiration {
  certificates: { name: string; expirationDate: string; residualTime: number; missing: boolean; externallyManaged: boolean }[]
  certificateAuthorities: { name: string; expirationDate: string; residualTime: number; missing: boolean }[]
}

export async function kubeadmExpiration(lab: LabInfo, host: string): Promise<KubeadmExpiration> {
  return JSON.parse(await hostRun(lab, host, 'kubeadm certs check-expiration -o json', { what: `kubeadm certs check-expiration on ${host}` }))
}

/**
 * Where the inventory disagrees with kubeadm on `host`: every certificate and CA kubeadm lists
 * must be there under kubeadm's name, with the same expiry to the second, expired exactly when
 * kubeadm's residual time is gone, and missing exactly when kubeadm says so.
 */
export function disagreements(inv: CertInventory, host: string, k: KubeadmExpiration): string[] {
  const out: string[] = []
  for (const c of [...k.certificates, ...k.certificateAuthorities]) {
    const e = inv.certificates.find((x) => x.host === host && x.name === c.name && x.source !== 'served')
    if (!e) {
      out.push(`${host}: ${c.name} is not in the inventory`)
      continue
    }
    if (c.missing) {
      if (e.status !== 'missing') out.push(`${host}: kubeadm says ${c.name} is missing, the inventory says ${e.status}`)
      continue
    }
    if (e.notAfter !== c.expirationDate) out.push(`${host}: ${c.name} expires ${e.notAfter}, kubeadm says ${c.expirationDate}`)
    if ((e.status === 'expired') !== c.residualTime <= 0) out.push(`${host}: ${c.name} is ${e.status}, kubeadm's residual time is ${c.residualTime} s`)
  }
  return out
}

/** The certificate a server presents on `address:port`, read from this machine. */
export async function servedCertificate(lab: LabInfo, address: string, port: number): Promise<X509Certificate> {
  const { connect } = await import('node:tls')
  return new Promise((resolve, reject) => {
    const s = connect({ host: address, port, rejectUnauthorized: false, servername: undefined }, () => {
      const c = s.getPeerX509Certificate()
      s.end()
      if (c) resolve(c)
      else reject(new Error(`${address}:${port} presented no certificate (${lab.instance})`))
    })
    s.on('error', reject)
  })
}

/** kubectl with the lab's kubeconfig: CA verification and all (fails on an expired server certificate). */
export async function kubectlWorks(lab: LabInfo): Promise<{ ok: boolean; output: string }> {
  const r = await kubectl(lab, ['get', 'nodes', '-o', 'name'], { allowFailure: true, timeoutMs: 30_000 })
  return { ok: r.code === 0, output: r.stdout + r.stderr }
}

export interface CertsCli {
  env: NodeJS.ProcessEnv
  work: string
  run(args: string[]): Promise<RunResult>
  close(): void
}

/** The built CLI with its own data folder and HOME, the lab's kubeconfig and ssh config. */
export function certsCli(lab: LabInfo, kubeconfig = lab.kubeconfig): CertsCli {
  const work = mkdtempSync(join(tmpdir(), 'kubedeck-certs-it-'))
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBEDECK_DATA_DIR: join(work, 'data'), HOME: work, KUBEDECK_SSH_HOME: work }
  return {
    env,
    work,
    run: (args) => runBuiltKubedeck(args[0] === 'certs' || args[0] === 'operations' ? [...args, ...(args[0] === 'certs' ? ['--context', lab.context, '-F', lab.sshConfig] : [])] : args, env, work),
    close: () => rmSync(work, { recursive: true, force: true })
  }
}

/** The composition root as the CLI builds it, in this process (progress events, kills mid-step). */
export async function certsServices(lab: LabInfo, cli: CertsCli): Promise<Services> {
  return createServices({ mode: 'cli', env: cli.env, cwd: cli.work, dataDir: cli.env.KUBEDECK_DATA_DIR, uses: ['certs'], sshConfigFile: lab.sshConfig, asker: batch })
}
