// Shared by the kubeconfig integration tests: the real kubectl (the oracle) and `kubedeck config`
// (in-process through runCli, or the built CLI as a subprocess), run on the same files at the
// same path, and snapshots of what they leave behind.
import { spawnSync } from 'node:child_process'
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { runCli } from '../../../src/main/commands'

export const KUBECTL = process.env.KUBEDECK_ORACLE_KUBECTL ?? '/usr/bin/kubectl'

import { runProgram, type RunResult } from '../../kits/programs'

export { runBuiltKubedeck, type RunResult } from '../../kits/programs'

/** The environment both tools get: nothing from the machine's kubeconfig. */
export function caseEnv(root: string, kubeconfig: string | undefined, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: join(root, 'home'), LANG: 'C.UTF-8', KUBEDECK_DATA_DIR: dataDir }
  if (kubeconfig !== undefined) env.KUBECONFIG = kubeconfig
  return env
}

export async function runKubectl(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<RunResult> {
  const r = await runProgram(KUBECTL, args, env, cwd)
  return { ...r, stderr: withoutDispatcherLogs(r.stderr) }
}

class Collect extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

/** `kubedeck <args>` in this process (the same code the CLI bundle runs). */
export async function runKubedeck(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<RunResult> {
  const stdout = new Collect()
  const stderr = new Collect()
  const code = await runCli(args, { stdout, stderr, stdin: process.stdin, env, cwd })
  return { stdout: stdout.text, stderr: stderr.text, code }
}

/** Moves kubectl's --kubeconfig flag where both accept it (kubectl takes it anywhere too). */
export const configArgs = (cmd: string[]): string[] => ['config', ...cmd]

export interface TreeEntry {
  kind: 'file' | 'dir'
  mode: number
  content?: Buffer
}

/** Every file and folder under root (lock files included: none may be left behind). */
export function snapshotTree(root: string): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>()
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      const r = rel ? `${rel}/${name}` : name
      const st = lstatSync(p)
      if (st.isDirectory()) {
        out.set(r, { kind: 'dir', mode: st.mode & 0o777 })
        walk(p, r)
      } else out.set(r, { kind: 'file', mode: st.mode & 0o777, content: readFileSync(p) })
    }
  }
  walk(root, '')
  return out
}

export function writeTree(root: string, files: Record<string, string>): void {
  rmSync(root, { recursive: true, force: true })
  mkdirSync(join(root, 'home'), { recursive: true })
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true })
    writeFileSync(join(root, rel), text, { mode: 0o644 })
  }
}

/**
 * /usr/bin/kubectl here is Google Cloud SDK's dispatcher: before running a command it asks the
 * current context's server for its version (to pick a matching kubectl) and client-go logs
 * problems with that probe in klog format. Those lines are not the config command's output.
 */
export function withoutDispatcherLogs(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ \S+:\d+\] /.test(l))
    .join('\n')
}

/** A throwaway certificate and key (openssl), PEM. */
export function makeTestPki(dir: string): { cert: string; key: string } {
  const key = join(dir, 'test.key')
  const cert = join(dir, 'test.crt')
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=kubedeck-test'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`)
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') }
}

/** kubectl's version line, for the report. */
export function kubectlVersion(): string {
  const r = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' })
  return r.stdout.split('\n')[0] ?? ''
}
