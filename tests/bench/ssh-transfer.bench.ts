// SSH transfer benchmark: HostSession.download / upload (SFTP with sha256 checked on both ends,
// the file renamed into place only after the check) against OpenSSH's `scp` of the same 200 MB
// file, in the same run, alternating, on the lab. Each timing includes opening the connection,
// as scp's does. Prints the best of ROUNDS and the median; asserts nothing.
//
//   direct   the bastion host, reached straight from the machine
//   jump     node-1, reached through the bastion (ProxyJump), as the SSH tests reach it
//
// Aim (etcd backup): download ≤ 1.2 × scp.
// Run: npx tsx tests/bench/ssh-transfer.bench.ts   (root; uses the SSH tests' lab instance)
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshService, type SshInteraction } from '../../src/main/services/ssh'
import { hostExec, requireLab } from '../lab'

const INSTANCE = process.env.KUBEDECK_SSH_LAB_INSTANCE ?? 'ssh'
const MB = Number(process.env.KUBEDECK_SSH_BENCH_MB ?? 200)
const ROUNDS = Number(process.env.KUBEDECK_SSH_BENCH_ROUNDS ?? 3)
const REMOTE = '/var/tmp/kubedeck-transfer-bench.bin'

const batch: SshInteraction = { confirmHostKey: async () => 'reject', askSecret: async () => null, keyboardInteractive: async () => null }

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${stderr}`))))
  })
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await f()
  return (performance.now() - started) / 1000
}

const best = (xs: number[]) => Math.min(...xs)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main(): Promise<void> {
  const lab = await requireLab('kubeadm-1', { instance: INSTANCE, bastion: true })
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-transfer-bench-'))
  const ssh = new SshService({ dataDir: join(dir, 'data'), configFile: lab.sshConfig })
  const source = join(dir, 'source.bin')
  writeFileSync(source, randomBytes(MB * 1024 * 1024))
  console.log(`${MB} MB, best and median of ${ROUNDS}, connection setup included on both sides\n`)
  console.log('route   direction  kubedeck (s)     scp (s)          ratio best (median)')
  try {
    for (const [route, host] of [
      ['direct', 'bastion'],
      ['jump', 'node-1']
    ] as const) {
      const r = await hostExec(lab, host, `head -c ${MB}M /dev/urandom > ${REMOTE}`)
      if (r.code !== 0) throw new Error(`cannot make the remote file on ${host}: ${r.stderr}`)
      const t = { down: [] as number[], scpDown: [] as number[], up: [] as number[], scpUp: [] as number[] }
      for (let i = 0; i < ROUNDS; i++) {
        const ours = join(dir, `down-${i}.bin`)
        const theirs = join(dir, `scp-down-${i}.bin`)
        t.down.push(
          await timed(async () => {
            const s = await ssh.session({ host }, batch)
            await s.download(REMOTE, ours)
            s.close()
          })
        )
        t.scpDown.push(await timed(() => run('scp', ['-q', '-F', lab.sshConfig, `${host}:${REMOTE}`, theirs])))
        rmSync(ours)
        rmSync(theirs)
        t.up.push(
          await timed(async () => {
            const s = await ssh.session({ host }, batch)
            await s.upload(source, `${REMOTE}.up`)
            s.close()
          })
        )
        t.scpUp.push(await timed(() => run('scp', ['-q', '-F', lab.sshConfig, source, `${host}:${REMOTE}.scp`])))
      }
      const row = (what: string, ours: number[], ref: number[]) =>
        console.log(
          `${route.padEnd(8)}${what.padEnd(11)}${`${best(ours).toFixed(2)} (${median(ours).toFixed(2)})`.padEnd(17)}${`${best(ref).toFixed(2)} (${median(ref).toFixed(2)})`.padEnd(17)}${(best(ours) / best(ref)).toFixed(2)} (${(median(ours) / median(ref)).toFixed(2)})`
        )
      row('download', t.down, t.scpDown)
      row('upload', t.up, t.scpUp)
      await hostExec(lab, host, `rm -f ${REMOTE} ${REMOTE}.up ${REMOTE}.scp`)
    }
  } finally {
    ssh.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  }
)
