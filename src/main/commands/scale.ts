// `kubedeck scale TYPE/NAME --replicas N --context C [-n NS]`: kubectl scale as a plan with an
// undo; refused, naming the HPA, when a HorizontalPodAutoscaler targets the workload (a manual
// scale fights it); `--min N --max M` changes that HPA's range instead.
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import { verbatim } from '../../shared/error-messages'
import { cliServices, requireContext, resolveContext } from './cli-services'
import { runPlan } from './plans'
import type { CliCommand } from './types'

const usage = `Usage:
  kubedeck scale TYPE/NAME --replicas N --context C [-n NAMESPACE] [--dry-run] [--yes] [--json]
  kubedeck scale TYPE/NAME --min N --max M --context C [-n NAMESPACE] [--dry-run] [--yes]

TYPE is deployment (deploy), statefulset (sts) or replicaset (rs). When a HorizontalPodAutoscaler
targets the workload, --replicas is refused (the HPA would set the count back at its next sync)
and names the HPA; --min/--max change the HPA's range instead. Each is a plan with an undo.`

const count = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined
  if (!/^\d+$/.test(v))
    throw new AppError({ code: 'input.invalid', message: verbatim(`error: invalid argument "${v}" for "${flag}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`) })
  return Number(v)
}

export const scaleCommand: CliCommand = {
  name: 'scale',
  summary: 'Scale a workload as a plan with an undo; with an HPA, change its range instead',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        replicas: { type: 'string' },
        min: { type: 'string' },
        max: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        json: { type: 'boolean' }
      }
    })
    const replicas = count(values.replicas, '--replicas')
    const min = count(values.min, '--min')
    const max = count(values.max, '--max')
    const range = min !== undefined || max !== undefined
    if (positionals.length !== 1 || (replicas === undefined) === !range || (range && (min === undefined || max === undefined))) {
      io.stderr.write(`kubedeck scale: name one TYPE/NAME and either --replicas, or --min and --max\n\n${usage}\n`)
      return 2
    }
    const svc = await cliServices(io, { uses: ['cluster'] })
    try {
      const context = await resolveContext(svc, requireContext('kubedeck scale', values.context))
      const namespace = values.namespace ?? (await svc.kubeconfig.overview()).contexts.find((c) => c.file === context.file && c.name === context.name)?.namespace ?? ''
      const op = await svc.cluster.planScale(context, positionals[0], namespace || 'default', range ? { range: { min: min!, max: max! } } : { replicas })
      return await runPlan(io, svc.operations, op, values)
    } finally {
      await svc.close()
    }
  }
}
