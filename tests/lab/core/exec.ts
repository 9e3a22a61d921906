// Running programs for the lab: always with a timeout, output captured, and a failure that
// names the command, so nothing hangs and every error can be acted on.
import { spawn, type SpawnOptions } from 'node:child_process'
import { LabError, tailOf } from './errors'

export interface RunOptions {
  timeoutMs?: number
  input?: string
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Component named in the error when the command fails. */
  component?: string
  /** Log named in the error when the command fails. */
  logPath?: string
  /** Do not throw on a non-zero exit. */
  allowFailure?: boolean
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000
  return new Promise((resolve, reject) => {
    const spawnOpts: SpawnOptions = { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] }
    const child = spawn(cmd, args, spawnOpts)
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(new LabError(opts.component ?? cmd, `cannot run ${cmd}: ${e.message}`, opts.logPath, { cause: e }))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr }
      if (timedOut) {
        reject(new LabError(opts.component ?? cmd, `\`${describe(cmd, args)}\` did not finish within ${timeoutMs / 1000}s${stderr || stdout ? `:\n${tailOf(stderr || stdout)}` : ''}`, opts.logPath))
      } else if (result.code !== 0 && !opts.allowFailure) {
        reject(new LabError(opts.component ?? cmd, `\`${describe(cmd, args)}\` exited ${result.code}${stderr || stdout ? `:\n${tailOf(stderr || stdout)}` : ''}`, opts.logPath))
      } else resolve(result)
    })
    child.stdin!.on('error', () => {})
    child.stdin!.end(opts.input ?? '')
  })
}

function describe(cmd: string, args: string[]): string {
  const text = [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Polls `check` every `intervalMs` until it returns a value other than undefined/false, or times out. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, opts: { timeoutMs: number; intervalMs?: number; component?: string; logPath?: string; detail?: () => Promise<string> | string }): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const v = await check()
      if (v !== undefined && v !== false) return v as T
    } catch (e) {
      lastError = e
    }
    if (Date.now() > deadline) {
      const detail = opts.detail ? await Promise.resolve(opts.detail()).catch(() => '') : ''
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      throw new LabError(opts.component ?? what, `timed out after ${opts.timeoutMs / 1000}s waiting for ${what}${why}${detail ? `\n${detail}` : ''}`, opts.logPath)
    }
    await sleep(opts.intervalMs ?? 250)
  }
}

/** Quotes a word for a POSIX shell. */
export function sh(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
