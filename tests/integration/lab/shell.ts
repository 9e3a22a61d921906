// Running the real clients the lab promises to work with: OpenSSH with the lab's ssh config,
// the machine's kubectl (1.32, the oracle) with the lab's kubeconfig, etcdctl with its PKI.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import type { LabInfo } from '../../lab'

export interface Result {
  code: number
  stdout: string
  stderr: string
}

export function exec(cmd: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: opts.timeoutMs ?? 60_000, env: opts.env ?? process.env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? ((err as unknown as { code: number }).code) : 1) : 0
      resolve({ code, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

export function ssh(lab: LabInfo, host: string, command: string, extra: string[] = []): Promise<Result> {
  return exec('ssh', ['-F', lab.sshConfig, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', ...extra, host, command], { timeoutMs: 30_000 })
}

export function kubectl(lab: LabInfo, args: string[], timeoutMs = 60_000): Promise<Result> {
  return exec('/usr/bin/kubectl', ['--kubeconfig', lab.kubeconfig, ...args], { timeoutMs })
}

/** The lab's etcdctl (3.6) from the machine, with the lab's client certificate. */
export function etcdctl(lab: LabInfo, endpoints: string[], args: string[]): Promise<Result> {
  return exec(join(lab.binDir, 'etcdctl'), ['--endpoints', endpoints.join(','), '--cacert', lab.etcd.caFile, '--cert', lab.etcd.certFile, '--key', lab.etcd.keyFile, '--command-timeout=3s', ...args], { timeoutMs: 20_000 })
}

export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v as T
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
