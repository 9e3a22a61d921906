// The process the crash test kills: kubectl-style writes in a loop through Kubedeck's writer,
// logging the files' content after each one. argv: <dir> <dataDir> <log>. The command for step i
// is deterministic (crashCommand), so the test can compute what the next write would produce.
import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { KubeconfigStorage } from '../../../src/main/services/kubeconfig/storage'
import type { KubectlConfig } from '../../../src/main/services/kubeconfig/kubectl-config'

export const CRASH_FILES = ['a.yaml', 'b.yaml']

/** Step i: switch contexts, set a namespace, or change a cluster (which lives in the other file). */
export async function crashCommand(kubectl: KubectlConfig, i: number): Promise<void> {
  switch (i % 3) {
    case 0:
      await kubectl.useContext(i % 2 === 0 ? 'alpha' : 'beta')
      break
    case 1:
      await kubectl.setContext({ name: 'alpha', namespace: `ns-${i}` })
      break
    default:
      await kubectl.setCluster('shared', { server: `https://127.0.0.1:${10000 + i}` })
  }
}

export interface CrashLogLine {
  i: number
  files: Record<string, string>
}

export function readCrashLog(log: string): CrashLogLine[] {
  const out: CrashLogLine[] = []
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    try {
      if (line) out.push(JSON.parse(line) as CrashLogLine)
    } catch {
      // The line a kill cut short.
    }
  }
  return out
}

export const crashEnv = (dir: string): NodeJS.ProcessEnv => ({ HOME: dir, KUBECONFIG: CRASH_FILES.map((f) => join(dir, f)).join(':') })

async function main(): Promise<void> {
  const [dir, dataDir, log] = process.argv.slice(2)
  const storage = new KubeconfigStorage({ dataDir, lockTimeoutMs: 20_000 })
  const kubectl = storage.kubectl(crashEnv(dir), dir)
  const done = readCrashLog(log)
  for (let i = (done.at(-1)?.i ?? -1) + 1; ; i++) {
    await crashCommand(kubectl, i)
    const files = Object.fromEntries(CRASH_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
    appendFileSync(log, JSON.stringify({ i, files }) + '\n')
  }
}

if (process.argv[1] && process.argv[1].includes('crash-child')) void main()
