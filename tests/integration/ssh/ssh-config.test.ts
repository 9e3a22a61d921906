// `kubedeck ssh config` against the real `ssh -G` (OpenSSH is the oracle) on generated configs:
// every line Kubedeck prints must be the line ssh prints for that key, in ssh's order, and a
// config ssh rejects must be rejected. Two modes: `-F file` (absolute Includes), and the
// default files (~/.ssh/config then /etc/ssh/ssh_config, ~/.ssh-relative Includes), where ssh
// runs in a private mount namespace with a temp folder mounted over the passwd home.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/commands'
import { printedKeywords } from '../../../src/main/services/ssh/config'
import { generateConfig } from './ssh-config-generator'

const SEED = Number(process.env.KUBEDECK_SSHG_SEED ?? 20240611)
const CASES_F = Number(process.env.KUBEDECK_SSHG_CASES ?? 160)
const CASES_HOME = Number(process.env.KUBEDECK_SSHG_HOME_CASES ?? 30)
const passwdHome = userInfo().homedir
const root = mkdtempSync(join(tmpdir(), 'kubedeck-sshg-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

async function kubedeck(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (d) => (stdout += d))
  err.on('data', (d) => (stderr += d))
  const code = await runCli(['ssh', 'config', ...args], { stdout: out, stderr: err, stdin: new PassThrough(), env, cwd: root })
  return { code, stdout, stderr }
}

const printed = new Set<string>(printedKeywords)

/** ssh -G's lines restricted to the keys Kubedeck prints (order kept). */
function comparable(sshG: string): string[] {
  return sshG
    .split('\n')
    .filter((l) => l !== '' && printed.has(l.split(' ')[0]))
}

interface Outcome {
  ok: boolean
  lines: string[]
}

function describeCase(files: string[]): string {
  return files.map((f) => `--- ${f}\n${spawnSync('cat', [f], { encoding: 'utf8' }).stdout}`).join('\n')
}

/** Runs a shell script once (one process for hundreds of `ssh -G`), so the comparison is not all spawn time. */
function runScript(file: string, body: string, wrap: string[] = []): void {
  writeFileSync(file, `set -u\n${body}\n`)
  const r = spawnSync(wrap[0] ?? 'sh', [...wrap.slice(1), ...(wrap.length ? ['sh'] : []), file], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${file} failed: ${r.stderr}`)
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

describe('kubedeck ssh config matches ssh -G', () => {
  it(`on ${CASES_F} generated configs read with -F (seed ${SEED})`, async () => {
    const cases: { seed: number; dir: string; main: string; dest: string; out: string }[] = []
    for (let n = 0; n < CASES_F; n++) {
      const seed = SEED + n
      const dir = join(root, `f-${seed}`)
      mkdirSync(dir)
      const { main, destinations } = generateConfig(seed, dir)
      destinations.forEach((dest, i) => cases.push({ seed, dir, main, dest, out: join(dir, `ssh-g.${i}`) }))
    }
    runScript(
      join(root, 'ssh-g-f.sh'),
      cases.map((c) => `ssh -G -F ${q(c.main)} ${q(c.dest)} > ${q(c.out)} 2> ${q(c.out + '.err')}; echo $? > ${q(c.out + '.rc')}`).join('\n')
    )
    let compared = 0
    let rejected = 0
    for (const c of cases) {
      const theirs: Outcome = { ok: readFileSync(`${c.out}.rc`, 'utf8').trim() === '0', lines: comparable(readFileSync(c.out, 'utf8')) }
      const r = await kubedeck([c.dest, '-F', c.main], { ...process.env, HOME: passwdHome })
      const ours: Outcome = { ok: r.code === 0, lines: r.stdout.split('\n').filter(Boolean) }
      const context = () =>
        `seed ${c.seed}, destination ${c.dest}\nssh stderr: ${readFileSync(`${c.out}.err`, 'utf8')}\nkubedeck stderr: ${r.stderr}\n${describeCase(spawnSync('sh', ['-c', `ls ${c.dir}/main.conf ${c.dir}/inc/* 2>/dev/null`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean))}`
      if (ours.ok !== theirs.ok) expect(ours.ok, context()).toBe(theirs.ok)
      if (theirs.ok) {
        if (JSON.stringify(ours.lines) !== JSON.stringify(theirs.lines)) expect(ours.lines, context()).toEqual(theirs.lines)
        compared++
      } else rejected++
    }
    // The generator must exercise both outcomes, or it proves little.
    expect(compared).toBeGreaterThan(CASES_F * 2.5)
    expect(rejected).toBeGreaterThan(0)
  })

  it(`on ${CASES_HOME} generated ~/.ssh/config files with relative Includes and /etc/ssh/ssh_config`, async () => {
    expect(spawnSync('unshare', ['-m', 'true']).status, 'unshare -m is needed to give ssh a temporary home (run as root)').toBe(0)
    const cases: { seed: number; home: string; dest: string; out: string }[] = []
    const script: string[] = []
    for (let n = 0; n < CASES_HOME; n++) {
      const seed = SEED * 7 + n
      const dir = join(root, `h-${seed}`)
      const home = join(dir, 'home')
      mkdirSync(home, { recursive: true })
      const { destinations } = generateConfig(seed, dir, home)
      // One private mount namespace for all: each case's home is mounted over the passwd home in turn.
      script.push(`mount --bind ${q(home)} ${q(passwdHome)}`)
      destinations.forEach((dest, i) => {
        const out = join(dir, `ssh-g.${i}`)
        cases.push({ seed, home, dest, out })
        script.push(`ssh -G ${q(dest)} > ${q(out)} 2> ${q(out + '.err')}; echo $? > ${q(out + '.rc')}`)
      })
      script.push(`umount ${q(passwdHome)}`)
    }
    runScript(join(root, 'ssh-g-home.sh'), script.join('\n'), ['unshare', '-m'])
    let compared = 0
    for (const c of cases) {
      const theirs: Outcome = { ok: readFileSync(`${c.out}.rc`, 'utf8').trim() === '0', lines: comparable(readFileSync(c.out, 'utf8')) }
      // The mount above gives ssh this home as its passwd home; Kubedeck is told the same.
      const r = await kubedeck([c.dest], { ...process.env, KUBEDECK_SSH_HOME: c.home })
      const ours: Outcome = {
        ok: r.code === 0,
        lines: r.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(c.home).join(passwdHome))
      }
      const context = () =>
        `home seed ${c.seed}, destination ${c.dest}\nkubedeck stderr: ${r.stderr}\nssh stderr: ${readFileSync(`${c.out}.err`, 'utf8')}\n${describeCase(spawnSync('sh', ['-c', `find ${c.home}/.ssh -type f`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean))}`
      if (ours.ok !== theirs.ok) expect(ours.ok, context()).toBe(theirs.ok)
      if (theirs.ok) {
        if (JSON.stringify(ours.lines) !== JSON.stringify(theirs.lines)) expect(ours.lines, context()).toEqual(theirs.lines)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(CASES_HOME)
  })
})
