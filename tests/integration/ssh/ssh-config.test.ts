// `kubedeck ssh config` against the real `ssh -G` (OpenSSH is the oracle) on generated configs:
// every line Kubedeck prints must be the line ssh prints for that key, in ssh's order, and a
// config ssh rejects must be rejected. Two modes: `-F file` (absolute Includes), and the
// default files (~/.ssh/config then /etc/ssh/ssh_config, ~/.ssh-relative Includes), where ssh
// runs in a private mount namespace with a temp folder mounted over the passwd home.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/commands'
import { printedKeywords } from '../../../src/main/services/ssh/config'
import { generateConfig } from './ssh-config-generator'

const SEED = Number(process.env.KUBEDECK_SSHG_SEED ?? 20240611)
const CASES_F = Number(process.env.KUBEDECK_SSHG_CASES ?? 250)
const CASES_HOME = Number(process.env.KUBEDECK_SSHG_HOME_CASES ?? 40)
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

describe('kubedeck ssh config matches ssh -G', () => {
  it(`on ${CASES_F} generated configs read with -F (seed ${SEED})`, async () => {
    let compared = 0
    let rejected = 0
    for (let n = 0; n < CASES_F; n++) {
      const seed = SEED + n
      const dir = join(root, `f-${seed}`)
      mkdirSync(dir)
      const { main, destinations } = generateConfig(seed, dir)
      for (const dest of destinations) {
        const ssh = spawnSync('ssh', ['-G', '-F', main, dest], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        const theirs: Outcome = { ok: ssh.status === 0, lines: comparable(ssh.stdout) }
        const r = await kubedeck([dest, '-F', main], { ...process.env, HOME: passwdHome })
        const ours: Outcome = { ok: r.code === 0, lines: r.stdout.split('\n').filter(Boolean) }
        const context = `seed ${seed}, destination ${dest}\nssh stderr: ${ssh.stderr}\nkubedeck stderr: ${r.stderr}\n${describeCase(spawnSync('sh', ['-c', `ls ${dir}/main.conf ${dir}/inc/* 2>/dev/null`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean))}`
        expect(ours.ok, context).toBe(theirs.ok)
        if (theirs.ok) {
          expect(ours.lines, context).toEqual(theirs.lines)
          compared++
        } else rejected++
      }
    }
    // The generator must exercise both outcomes, or it proves little.
    expect(compared).toBeGreaterThan(CASES_F * 2.5)
    expect(rejected).toBeGreaterThan(0)
  })

  it(`on ${CASES_HOME} generated ~/.ssh/config files with relative Includes and /etc/ssh/ssh_config`, async () => {
    const unshare = spawnSync('unshare', ['-m', 'true'])
    expect(unshare.status, 'unshare -m is needed to give ssh a temporary home (run as root)').toBe(0)
    let compared = 0
    for (let n = 0; n < CASES_HOME; n++) {
      const seed = SEED * 7 + n
      const dir = join(root, `h-${seed}`)
      const home = join(dir, 'home')
      mkdirSync(home, { recursive: true })
      const { destinations } = generateConfig(seed, dir, home)
      // One namespace per case: the temp home is mounted over the passwd home for ssh only.
      const script = destinations
        .map((d, i) => `ssh -G '${d}' > '${dir}/out.${i}' 2> '${dir}/err.${i}'; echo $? > '${dir}/rc.${i}'`)
        .join('\n')
      writeFileSync(join(dir, 'run.sh'), `set -u\nmount --bind '${home}' '${passwdHome}'\n${script}\n`)
      const run = spawnSync('unshare', ['-m', 'sh', join(dir, 'run.sh')], { encoding: 'utf8' })
      expect(run.status, run.stderr).toBe(0)
      for (const [i, dest] of destinations.entries()) {
        const rc = Number(spawnSync('cat', [join(dir, `rc.${i}`)], { encoding: 'utf8' }).stdout.trim())
        const theirs: Outcome = { ok: rc === 0, lines: comparable(spawnSync('cat', [join(dir, `out.${i}`)], { encoding: 'utf8' }).stdout) }
        const r = await kubedeck([dest], { ...process.env, HOME: home })
        const ours: Outcome = {
          ok: r.code === 0,
          lines: r.stdout
            .split('\n')
            .filter(Boolean)
            .map((l) => l.split(home).join(passwdHome))
        }
        const context = `home seed ${seed}, destination ${dest}\nkubedeck stderr: ${r.stderr}\nssh stderr: ${spawnSync('cat', [join(dir, `err.${i}`)], { encoding: 'utf8' }).stdout}\n${describeCase(spawnSync('sh', ['-c', `find ${home}/.ssh -type f`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean))}`
        expect(ours.ok, context).toBe(theirs.ok)
        if (theirs.ok) {
          expect(ours.lines, context).toEqual(theirs.lines)
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(CASES_HOME)
  })
})
