// The lab's binaries: KUBEDECK_LAB_BIN (exported by `npm test`), else whatever
// tests/lab/build-binaries.sh prints (instant when cached, ~10 minutes cold).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { LabError } from './errors'
import { run } from './exec'
import { LAB_DIR } from './host'

export const REQUIRED_BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubeadm', 'kubectl', 'etcd', 'etcdctl', 'etcdutl', 'kwok']

let cached: string | undefined

export async function labBinDir(): Promise<string> {
  if (cached) return cached
  const fromEnv = process.env.KUBEDECK_LAB_BIN
  let dir: string
  if (fromEnv) {
    dir = fromEnv
  } else {
    const script = join(LAB_DIR, 'build-binaries.sh')
    const r = await run(script, [], { timeoutMs: 60 * 60_000, component: 'lab binaries', allowFailure: true })
    if (r.code !== 0) throw new LabError('lab binaries', `${script} failed (exit ${r.code}):\n${r.stderr.trim().split('\n').slice(-15).join('\n')}`)
    dir = r.stdout.trim().split('\n').pop()!
  }
  const missing = REQUIRED_BINARIES.filter((b) => !existsSync(join(dir, b)))
  if (missing.length) throw new LabError('lab binaries', `${dir} lacks ${missing.join(', ')}${fromEnv ? ' (from KUBEDECK_LAB_BIN)' : ''}: run tests/lab/build-binaries.sh`)
  cached = dir
  return dir
}

/** Version a binary reports, e.g. etcd's "3.6.5". */
export async function etcdServerVersion(binary: string): Promise<string> {
  const r = await run(binary, ['--version'], { timeoutMs: 10_000, component: 'etcd' })
  return /etcd Version: (\S+)/.exec(r.stdout)?.[1] ?? 'unknown'
}
