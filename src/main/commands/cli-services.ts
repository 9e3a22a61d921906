// What every CLI command that reaches a cluster shares: the services built for a terminal (SSH
// asks on the TTY, or nobody under cron) and the --context argument resolved as kubectl would.
import type { ContextRef } from '../../shared/model/kubeconfig'
import { AppError } from '../../shared/errors'
import { createServices, type LoadableDomain, type Services } from '../composition'
import type { CliIO } from './types'
import { verbatim } from '../../shared/error-messages'

export type CliServices = Services

/** The services a command uses, asking on this terminal (nothing can be asked without one, as in cron). */
export async function cliServices(io: CliIO, opts: { uses: LoadableDomain[]; sshConfigFile?: string }): Promise<CliServices> {
  const { ttyInteraction } = await import('../services/ssh')
  return createServices({
    mode: 'cli',
    env: io.env,
    cwd: io.cwd,
    uses: opts.uses,
    asker: ttyInteraction({ stdin: io.stdin as never, stderr: io.stderr }),
    sshConfigFile: opts.sshConfigFile
  })
}

/** A context name as kubectl resolves it: the first definition wins; a folder's context only if nothing else has the name. */
export async function resolveContext(svc: Services, name: string): Promise<ContextRef> {
  const overview = await svc.kubeconfig.overview()
  const hit = overview.contexts.find((c) => c.name === name && !c.shadowedBy && c.origin !== 'folder') ?? overview.contexts.find((c) => c.name === name)
  if (!hit) {
    throw new AppError({
      code: 'kubeconfig.context-unknown',
      message: verbatim(`context "${name}" not found in ${overview.sources.map((s) => s.path).join(', ') || 'any kubeconfig'}`),
      hint: verbatim(`Contexts: ${overview.contexts.map((c) => c.name).join(', ') || 'none'}.`)
    })
  }
  return { file: hit.file, name: hit.name }
}

/** The --context every cluster command needs, or the error that says so (naming the command). */
export function requireContext(command: string, context: string | undefined): string {
  if (context) return context
  throw new AppError({
    code: 'input.invalid',
    message: verbatim(`${command}: --context is required.`),
    hint: verbatim('Name the kubeconfig context of the cluster, as kubectl would (kubectl config get-contexts).')
  })
}
