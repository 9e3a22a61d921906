// `kubedeck namespace unstick NS --context C`: why a namespace stays in Terminating (its
// conditions, unavailable APIServices, the objects and finalizers that hold it), then a plan that
// frees it in order of safety; `--finalize` adds the last resort (the /finalize subresource).
import { parseArgs } from 'node:util'
import type { NamespaceDiagnosis } from '../services/cluster'
import { cliServices, requireContext, resolveContext } from './cli-services'
import { runPlan } from './plans'
import type { CliCommand } from './types'
import { unknownWord } from './usage-error'

const usage = `Usage:
  kubedeck namespace unstick NS --context C [--finalize] [--dry-run] [--yes] [--json]

Says why NS stays in Terminating — the namespace's conditions, the APIServices that are not
available (they break discovery, so the namespace controller cannot finish), every object still
in it that waits for finalizers — then frees it, safest first:
  1. deletes the unavailable APIServices (undone by creating them again);
  2. removes exactly the named finalizers from the named objects;
  3. only with --finalize, as a last resort: empties the namespace's own finalizers through its
     /finalize subresource (anything left in it stays in etcd, unreachable).
--dry-run prints the diagnosis and the plan and changes nothing.`

export function formatDiagnosis(d: NamespaceDiagnosis): string {
  const lines = [`Namespace ${d.namespace}: ${d.phase}${d.finalizers.length ? ` (finalizers: ${d.finalizers.join(', ')})` : ''}`]
  for (const c of d.conditions.filter((c) => c.status === 'True')) lines.push(`  ${c.type}: ${c.message ?? c.reason ?? ''}`)
  for (const s of d.brokenApiServices) lines.push(`  APIService ${s.name} is not available${s.service ? ` (service ${s.service})` : ''}: ${s.message}`)
  for (const u of d.undiscoverable) lines.push(`  discovery failed for ${u.groupVersion}: ${u.message}`)
  for (const h of d.held) lines.push(`  ${h.resource}/${h.name} waits for ${h.finalizers.join(', ')}${h.deleting ? ' (being deleted)' : ''}`)
  if (d.remaining) lines.push(`  ${d.remaining} other objects are still being removed`)
  return lines.join('\n') + '\n'
}

export const namespaceCommand: CliCommand = {
  name: 'namespace',
  summary: 'Free a namespace stuck in Terminating: what holds it, then a plan safest first',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (sub !== 'unstick') return unknownWord(io, 'kubedeck namespace', 'subcommand', sub, ['unstick'], usage)
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { context: { type: 'string' }, finalize: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' } }
    })
    if (positionals.length !== 1) {
      io.stderr.write(`kubedeck namespace unstick: name one namespace\n\n${usage}\n`)
      return 2
    }
    const svc = await cliServices(io, { uses: ['cluster'] })
    try {
      const context = await resolveContext(svc, requireContext('kubedeck namespace unstick', values.context))
      const { diagnosis, operation } = await svc.cluster.planUnstick(context, positionals[0], { finalize: values.finalize })
      if (!values.json) io.stdout.write(formatDiagnosis(diagnosis) + '\n')
      return await runPlan(io, svc.operations, operation, values)
    } finally {
      await svc.close()
    }
  }
}
