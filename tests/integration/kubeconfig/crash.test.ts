// Crash safety: a child process writes kubeconfigs in a loop (switches, namespace changes, a
// cluster in the other file) and is killed with SIGKILL at random moments, 200 times. After
// every kill each file must parse and equal its content either before or after the one write
// that may have been under way: the last logged state, or exactly what the next command
// produces from it. A lock the dead child held must not stop the next one.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeKubeconfig } from '../../../src/main/services/kubeconfig/decode'
import { KubeconfigStorage } from '../../../src/main/services/kubeconfig/storage'
import { CRASH_FILES, crashCommand, crashEnv, readCrashLog, type CrashLogLine } from './crash-child'

const KILLS = Number(process.env.KUBEDECK_CRASH_KILLS ?? 200)
const repo = new URL('../../..', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'kubedeck-crash-'))
const dir = join(work, 'kube')
const dataDir = join(work, 'data')
const log = join(work, 'writes.jsonl')
const childJs = join(repo, 'node_modules', '.cache', 'kubedeck-tests', `crash-child-${process.pid}.mjs`)

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
  rmSync(childJs, { force: true })
})

const initial: Record<string, string> = {
  'a.yaml': `# first file: contexts and the current one
apiVersion: v1
kind: Config
contexts:
- name: alpha
  context:
    cluster: shared
    user: admin
    namespace: default
- name: beta
  context: {cluster: shared, user: admin}   # flow style on purpose
current-context: alpha
`,
  'b.yaml': `apiVersion: v1
kind: Config
clusters:
  - name: shared
    cluster:
      server: https://127.0.0.1:6443
      insecure-skip-tls-verify: true
users:
  - name: admin
    user:
      token: not-a-real-token
`
}

/** What command i+1 makes of a logged state (the one write a kill may have interrupted). */
async function nextState(state: CrashLogLine): Promise<Record<string, string>> {
  const scratch = mkdtempSync(join(work, 'next-'))
  for (const f of CRASH_FILES) writeFileSync(join(scratch, f), state.files[f])
  const storage = new KubeconfigStorage({ dataDir: join(scratch, '.data'), lockTimeoutMs: 1000 })
  await crashCommand(storage.kubectl(crashEnv(scratch), scratch), state.i + 1)
  const out = Object.fromEntries(CRASH_FILES.map((f) => [f, readFileSync(join(scratch, f), 'utf8')]))
  rmSync(scratch, { recursive: true, force: true })
  return out
}

function runChildFor(ms: number): Promise<void> {
  return new Promise((resolve) => {
    // A clean environment: a test runner's NODE_OPTIONS (loaders) would slow every start down.
    const child = spawn(process.execPath, [childJs, dir, dataDir, log], { stdio: ['ignore', 'ignore', 'inherit'], env: { PATH: process.env.PATH } })
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    child.on('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

describe('kubeconfig writes under SIGKILL', () => {
  it(`every file is the state before or after one write, ${KILLS} kills`, async () => {
    mkdirSync(join(repo, 'node_modules', '.cache', 'kubedeck-tests'), { recursive: true })
    const build = spawnSync(join(repo, 'node_modules', '.bin', 'esbuild'), [join(repo, 'tests/integration/kubeconfig/crash-child.ts'), '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${childJs}`, '--log-level=error'], { encoding: 'utf8' })
    expect(build.status, build.stderr).toBe(0)
    mkdirSync(dir, { recursive: true })
    for (const [f, text] of Object.entries(initial)) writeFileSync(join(dir, f), text, { mode: 0o600 })
    writeFileSync(log, JSON.stringify({ i: -1, files: initial }) + '\n')
    let seed = 12345
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    let interrupted = 0
    for (let k = 0; k < KILLS; k++) {
      await runChildFor(80 + Math.floor(random() * 420))
      const last = readCrashLog(log).at(-1)!
      const now = Object.fromEntries(CRASH_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
      for (const f of CRASH_FILES) {
        expect(() => decodeKubeconfig(now[f], f), `kill ${k}: ${f} parses`).not.toThrow()
      }
      if (CRASH_FILES.some((f) => now[f] !== last.files[f])) {
        interrupted++
        const next = await nextState(last)
        for (const f of CRASH_FILES) expect(now[f], `kill ${k}: ${f} is step ${last.i}'s state or step ${last.i + 1}'s`).toBe(next[f])
      }
      // Only the two kubeconfigs, their locks and temp files of a killed writer may be there.
      for (const name of readdirSync(dir)) expect(name, `kill ${k}`).toMatch(/^(a|b)\.yaml(\.lock)?$|^\.(a|b)\.yaml\..*$/)
    }
    const steps = readCrashLog(log).at(-1)!.i
    // Progress despite the kills: stale locks of dead writers were cleared, not waited on forever.
    expect(steps).toBeGreaterThan(KILLS / 2)
    // The comment and the flow-style entry survived hundreds of rewrites.
    const a = readFileSync(join(dir, 'a.yaml'), 'utf8')
    expect(a).toContain('# first file: contexts and the current one')
    expect(a).toContain('# flow style on purpose')
    console.log(`crash test: ${KILLS} kills, ${steps} completed writes, ${interrupted} kills after an unlogged write`)
  })
})
