// The PATH of the user's login shell. A desktop app started from a dock or launcher does not
// inherit the PATH a terminal has (Homebrew, ~/.local/bin, gcloud's bin...), which is why exec
// credential plugins "cannot be found" in Lens and Headlamp while kubectl finds them. Asked once
// per service start: `$SHELL -ilc` prints PATH between markers (rc files may print anything
// around them); with a timeout, and the process PATH as the fallback.
import { spawn } from 'node:child_process'
import { basename } from 'node:path'
import { sh } from '../shell'

export interface LoginShellPath {
  path: string
  /** Where it came from: the login shell, or this process (fallback). */
  source: 'login-shell' | 'process'
  /** Why the login shell's PATH could not be used, when source is 'process'. */
  problem?: string
}

const START = '__KUBEDECK_PATH_START__'
const END = '__KUBEDECK_PATH_END__'

export function resolveLoginShellPath(env: NodeJS.ProcessEnv, timeoutMs = 3000): Promise<LoginShellPath> {
  const fallback = (problem: string): LoginShellPath => ({ path: env.PATH ?? '', source: 'process', problem })
  const shell = env.SHELL
  if (process.platform === 'win32' || !shell) return Promise.resolve(fallback(process.platform === 'win32' ? 'not used on Windows' : '$SHELL is not set'))
  const script = (basename(shell) === 'fish' ? sh`printf '%s%s%s' ${START} (string join : $PATH) ${END}` : sh`printf '%s%s%s' ${START} "$PATH" ${END}`).text
  return new Promise((resolve) => {
    let out = ''
    let settled = false
    const done = (r: LoginShellPath) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(r)
    }
    // -i loads the interactive rc files people put PATH in (~/.bashrc, ~/.zshrc); -l the login ones.
    const child = spawn(shell, ['-ilc', script], { env: { ...env, TERM: 'dumb' }, stdio: ['ignore', 'pipe', 'ignore'], detached: process.platform !== 'win32' })
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
      done(fallback(`${shell} -ilc did not answer within ${timeoutMs} ms`))
    }, timeoutMs)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d: string) => (out += d))
    child.on('error', (e) => done(fallback(`${shell}: ${e.message}`)))
    child.on('close', () => {
      const s = out.lastIndexOf(START)
      const e = out.indexOf(END, s)
      if (s < 0 || e < 0) return done(fallback(`${shell} -ilc printed no PATH`))
      const path = out.slice(s + START.length, e).trim()
      done(path ? { path, source: 'login-shell' } : fallback(`${shell} -ilc printed an empty PATH`))
    })
  })
}
