// Kubeconfig benchmark: three files holding 10,000 contexts (each with its own cluster, with CA
// data, and user, with a token or client certificate), KUBECONFIG listing all three. Measured
// in the same run against kubectl on the same files; prints, asserts nothing.
//
//   cold load+merge  a fresh process that loads, merges and lists everything:
//                    `kubedeck config get-contexts` (the built CLI, bin/kubedeck.js, as users run
//                    it) vs `kubectl config get-contexts` (same output, checked), and the app
//                    service's first overview in a fresh process
//   list             the app's overview of all contexts (diagnostics included) after a change
//   switch           a persisted switch from the app (written where kubectl writes it, locked,
//                    history kept) vs `kubectl config use-context`
//
// Aims (issue 2): switch ≤ 50 ms and ≤ 0.1× kubectl; cold load ≤ 1× kubectl.
// Run: npx tsx tests/bench/kubeconfig.bench.ts   (or npm run bench -- kubeconfig)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KubeconfigService } from '../../src/main/services/kubeconfig'
import { ensureBuilt } from '../e2e/harness'

const TOTAL = Number(process.env.KUBEDECK_BENCH_CONTEXTS ?? 10_000)
const SWITCHES = 30
const repo = fileURLToPath(new URL('../..', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'kubedeck-bench-kc-'))
const KUBECTL = '/usr/bin/kubectl'
/** The real kubectl 1.32 binary behind Google Cloud SDK's dispatcher (which /usr/bin/kubectl is). */
const KUBECTL_DIRECT = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32'

function pki(n: number): { cert: string; key: string; ca: string }[] {
  const out = []
  for (let i = 0; i < n; i++) {
    const key = join(work, `k${i}.pem`)
    const cert = join(work, `c${i}.pem`)
    spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', String(10 + i * 7), '-subj', `/CN=user-${i}`], { stdio: 'ignore' })
    const b64 = (p: string) => readFileSync(p).toString('base64')
    out.push({ cert: b64(cert), key: b64(key), ca: b64(cert) })
  }
  return out
}

function writeFiles(): string[] {
  const material = pki(40)
  const files = [join(work, 'config'), join(work, 'team', 'clusters.yaml'), join(work, 'team', 'more.yaml')]
  mkdirSync(join(work, 'team'), { recursive: true })
  const per = [Math.ceil(TOTAL / 3), Math.floor(TOTAL / 3), TOTAL - Math.ceil(TOTAL / 3) - Math.floor(TOTAL / 3)]
  let n = 0
  files.forEach((file, f) => {
    const kubectlStyle = f === 0
    const seq = kubectlStyle ? '' : '  '
    const lines = [`# ${per[f]} contexts`, 'apiVersion: v1', 'kind: Config', 'clusters:']
    const start = n
    for (let i = start; i < start + per[f]; i++) {
      const m = material[i % material.length]
      const body = [`cluster:`, `  certificate-authority-data: ${m.ca}`, `  server: https://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:6443`]
      const entry = kubectlStyle ? [...body, `name: cluster-${i}`] : [`name: cluster-${i}`, ...body]
      lines.push(`${seq}- ${entry[0]}`, ...entry.slice(1).map((l) => `${seq}  ${l}`))
    }
    lines.push('contexts:')
    for (let i = start; i < start + per[f]; i++) {
      const body = ['context:', `  cluster: cluster-${i}`, `  namespace: team-${i % 17}`, `  user: user-${i}`]
      const entry = kubectlStyle ? [...body, `name: ctx-${i}`] : [`name: ctx-${i}`, ...body]
      lines.push(`${seq}- ${entry[0]}`, ...entry.slice(1).map((l) => `${seq}  ${l}`))
    }
    if (f < 2) lines.push(`current-context: ctx-${start}`)
    lines.push('users:')
    for (let i = start; i < start + per[f]; i++) {
      const m = material[i % material.length]
      const auth = i % 3 === 0 ? [`  client-certificate-data: ${m.cert}`, `  client-key-data: ${m.key}`] : [`  token: ${Buffer.from(`token-${i}`).toString('hex')}`]
      const entry = kubectlStyle ? ['user:', ...auth, `name: user-${i}`] : [`name: user-${i}`, 'user:', ...auth]
      lines.push(`${seq}- ${entry[0]}`, ...entry.slice(1).map((l) => `${seq}  ${l}`))
    }
    writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 })
    n += per[f]
  })
  return files
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string; status: number | null } {
  const started = performance.now()
  const r = spawnSync(cmd, args, { env, cwd: work, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  return { ms: performance.now() - started, stdout: r.stdout, status: r.status }
}

function bundle(entry: string, name: string): string {
  const out = join(repo, 'node_modules', '.cache', 'kubedeck-bench', name)
  const r = spawnSync(join(repo, 'node_modules', '.bin', 'esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${out}`, '--log-level=error', '--define:import.meta.env={}'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`esbuild ${entry}: ${r.stderr}`)
  return out
}

async function main(): Promise<void> {
  const files = writeFiles()
  const sizeMb = files.reduce((s, f) => s + readFileSync(f).length, 0) / 1e6
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work, KUBECONFIG: files.join(':'), KUBEDECK_DATA_DIR: join(work, 'data') }
  console.log(`kubeconfig: ${TOTAL} contexts (and as many clusters and users) in 3 files, ${sizeMb.toFixed(1)} MB`)

  // ---- cold load + merge: fresh processes ---------------------------------------------------
  ensureBuilt()
  const cli = join(repo, 'bin', 'kubedeck.js')
  const cold = bundle(join(repo, 'tests/bench/kubeconfig-cold-child.ts'), 'kubeconfig-cold-child.mjs')
  const kubectlRuns = [0, 1, 2].map(() => timed(KUBECTL, ['config', 'get-contexts'], env))
  const directRuns = existsSync(KUBECTL_DIRECT) ? [0, 1, 2].map(() => timed(KUBECTL_DIRECT, ['config', 'get-contexts'], env)) : []
  const oursRuns = [0, 1, 2].map(() => timed(process.execPath, [cli, 'config', 'get-contexts'], env))
  const startup = median([0, 1, 2].map(() => timed(process.execPath, [cli, '--version'], env).ms))
  const same = oursRuns[0].stdout === kubectlRuns[0].stdout && oursRuns[0].status === 0
  const serviceRuns = [0, 1, 2].map(() => JSON.parse(timed(process.execPath, [cold, files.join(':'), join(work, 'cold-data')], env).stdout) as { overviewMs: number; contexts: number })
  const kubectlCold = median(kubectlRuns.map((r) => r.ms))
  const oursCold = median(oursRuns.map((r) => r.ms))
  console.log(`  cold load+merge+list (fresh process, median of 3)`)
  console.log(`    kubectl config get-contexts         ${kubectlCold.toFixed(0).padStart(6)} ms   (${KUBECTL}, gcloud dispatcher)`)
  if (directRuns.length) console.log(`    kubectl.1.32 config get-contexts    ${median(directRuns.map((r) => r.ms)).toFixed(0).padStart(6)} ms   (the real binary behind it)`)
  console.log(`    kubedeck config get-contexts        ${oursCold.toFixed(0).padStart(6)} ms   ratio ${(oursCold / kubectlCold).toFixed(2)}× kubectl${directRuns.length ? `, ${(oursCold / median(directRuns.map((r) => r.ms))).toFixed(2)}× kubectl.1.32` : ''}   (aim ≤ 1×; output identical: ${same ? 'yes' : 'NO'})`)
  console.log(`      of which starting the CLI         ${startup.toFixed(0).padStart(6)} ms   (\`kubedeck --version\`: commands load only when they run)`)
  console.log(`    app service, first overview         ${median(serviceRuns.map((r) => r.overviewMs)).toFixed(0).padStart(6)} ms   in a fresh process, ${serviceRuns[0].contexts} contexts with diagnostics; ratio ${(median(serviceRuns.map((r) => r.overviewMs)) / kubectlCold).toFixed(2)}× kubectl`)

  // ---- in-app list and switch (one warm service, as in the running app) ----------------------
  const svc = new KubeconfigService({ dataDir: join(work, 'app-data'), env, loginShell: false })
  try {
    await svc.overview()
    const lists: number[] = []
    const switches: number[] = []
    const a = { file: files[0], name: 'ctx-1' }
    const b = { file: files[2], name: `ctx-${TOTAL - 1}` }
    for (let i = 0; i < SWITCHES; i++) {
      let t = performance.now()
      await svc.useContext(i % 2 === 0 ? b : a)
      switches.push(performance.now() - t)
      if (i < 6) {
        t = performance.now()
        const o = await svc.overview()
        lists.push(performance.now() - t)
        if (o.contexts.length !== TOTAL) throw new Error(`overview has ${o.contexts.length} contexts`)
      }
    }
    const kubectlSwitch = [0, 1, 2].map((i) => timed(KUBECTL, ['config', 'use-context', i % 2 ? a.name : b.name], env).ms)
    const directSwitch = existsSync(KUBECTL_DIRECT) ? [0, 1, 2].map((i) => timed(KUBECTL_DIRECT, ['config', 'use-context', i % 2 ? a.name : b.name], env).ms) : []
    const ks = median(kubectlSwitch)
    const ms = median(switches)
    console.log(`  list: app overview after a change     ${median(lists).toFixed(0).padStart(6)} ms   median of ${lists.length}; ratio ${(median(lists) / kubectlCold).toFixed(3)}× kubectl config get-contexts`)
    console.log(`  persisted switch (locked, atomic, history kept; ${SWITCHES} switches)`)
    console.log(`    kubectl config use-context          ${ks.toFixed(0).padStart(6)} ms${directSwitch.length ? `   (kubectl.1.32: ${median(directSwitch).toFixed(0)} ms)` : ''}`)
    console.log(`    app useContext                      ${ms.toFixed(1).padStart(6)} ms   median, p95 ${p95(switches).toFixed(1)} ms; ratio ${(ms / ks).toFixed(3)}× kubectl${directSwitch.length ? `, ${(ms / median(directSwitch)).toFixed(3)}× kubectl.1.32` : ''}   (aim ≤ 50 ms and ≤ 0.1×)`)
  } finally {
    svc.close()
    rmSync(work, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    rmSync(work, { recursive: true, force: true })
    process.exit(1)
  }
)
