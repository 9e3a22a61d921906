// Exec credential plugins (client.authentication.k8s.io), run the way kubectl runs them: the
// command found on the login shell's PATH (or relative to the kubeconfig), the entry's env on top
// of ours, KUBERNETES_EXEC_INFO describing the request, the ExecCredential read from stdout.
// Done here rather than by @kubernetes/client-node, whose exec support writes the plugin's env
// into process.env and caches tokens by user name across unrelated kubeconfigs.
import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { KObject } from './schema'
import { t, verbatim } from '../../../shared/error-messages'

/** The executable `command` resolves to on `pathList`, or undefined (like exec.LookPath). */
export function lookPath(command: string, pathList: string): string | undefined {
  const executable = (p: string) => {
    try {
      if (!statSync(p).isFile()) return false
      accessSync(p, constants.X_OK)
      return true
    } catch {
      return false
    }
  }
  if (command.includes('/')) return executable(command) ? command : undefined
  for (const dir of pathList.split(delimiter)) {
    const candidate = join(dir === '' ? '.' : dir, command)
    if (executable(candidate)) return candidate
  }
  return undefined
}

export interface ExecCredential {
  token?: string
  clientCertificateData?: string
  clientKeyData?: string
  /** ms since epoch; undefined: valid until the process ends. */
  expiresAt?: number
}

export interface ExecRequest {
  exec: KObject
  /** PATH to look the command up on and to give the plugin. */
  path: string
  env: NodeJS.ProcessEnv
  /** For provideClusterInfo. */
  cluster: { server: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean; 'tls-server-name'?: string; 'proxy-url'?: string }
  timeoutMs?: number
}

export function runExecPlugin(req: ExecRequest): Promise<ExecCredential> {
  const exec = req.exec
  const command = exec.command as string
  const apiVersion = (exec.apiVersion as string) || 'client.authentication.k8s.io/v1beta1'
  const resolved = lookPath(command, req.path)
  const hint = exec.installHint ? verbatim(exec.installHint as string) : t`Install ${command} or put its folder on your login shell's PATH.`
  if (!resolved) {
    return Promise.reject(
      new AppError({ code: 'kubeconfig.exec-missing', message: t`exec credential plugin "${command}" was not found on your login shell's PATH`, command, hint })
    )
  }
  const env: NodeJS.ProcessEnv = { ...req.env, PATH: req.path }
  for (const e of (exec.env as KObject[] | null) ?? []) env[e.name as string] = e.value as string
  const spec: Record<string, unknown> = { interactive: false }
  if (exec.provideClusterInfo) spec.cluster = req.cluster
  env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion, kind: 'ExecCredential', spec })
  return new Promise((resolve, reject) => {
    const child = spawn(resolved, (exec.args as string[] | null) ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), req.timeoutMs ?? 30_000)
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(new AppError({ code: 'kubeconfig.exec-failed', message: t`exec credential plugin ${command} could not start: ${e.message}`, command, hint }))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code !== 0) {
        const why = signal ? t`was killed (${signal})` : t`exited with status ${code}`
        return reject(
          new AppError({
            code: 'kubeconfig.exec-failed',
            message: t`exec credential plugin ${command} ${why}${err.trim() ? `: ${err.trim().split('\n').slice(-3).join(' ')}` : ''}`,
            command,
            hint: t`Run the command in a terminal to see what it needs (a login, a refreshed session...).`
          })
        )
      }
      try {
        const status = (JSON.parse(out) as { status?: Record<string, string> }).status ?? {}
        if (!status.token && !(status.clientCertificateData && status.clientKeyData)) throw new Error('no token or client certificate in its status')
        resolve({
          token: status.token,
          clientCertificateData: status.clientCertificateData,
          clientKeyData: status.clientKeyData,
          expiresAt: status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : undefined
        })
      } catch (e) {
        reject(new AppError({ code: 'kubeconfig.exec-failed', message: t`exec credential plugin ${command} printed no usable ExecCredential: ${(e as Error).message}`, command }))
      }
    })
  })
}
