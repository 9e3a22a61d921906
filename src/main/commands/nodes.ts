// `kubedeck cordon|uncordon|drain NODE --context C`: kubectl's node maintenance verbs as plans
// (printed, confirmed with the context name or --yes, journalled, undoable where they can be).
// drain takes kubectl's flags and its pod filters; a PodDisruptionBudget that allows no
// disruption is named, retried until --timeout, and never worked around: the command then
// exits 1 with the budget and the pods it kept, and the node stays cordoned.
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import { verbatim } from '../../shared/error-messages'
import { cliServices, requireContext, resolveContext } from './cli-services'
import { parseDuration } from './logs'
import { runPlan } from './plans'
import type { CliCommand, CliIO } from './types'

const scheduleUsage = (verb: 'cordon' | 'uncordon') => `Usage:
  kubedeck ${verb} NODE --context C [--dry-run] [--yes] [--json]

Marks NODE ${verb === 'cordon' ? 'unschedulable (new pods go elsewhere; running pods stay)' : 'schedulable again'}, as kubectl ${verb}, as a plan
with an undo. --dry-run prints the plan; --yes confirms it without asking.`

const drainUsage = `Usage:
  kubedeck drain NODE --context C [--ignore-daemonsets] [--delete-emptydir-data] [--force]
                 [--grace-period S] [--timeout D] [--pod-selector SELECTOR] [--dry-run] [--yes] [--json]

Cordons NODE, then evicts its pods through the Eviction API, as kubectl drain does:
  mirror pods stay (the kubelet owns them); DaemonSet pods are refused unless
  --ignore-daemonsets (then left alone); pods with emptyDir data are refused unless
  --delete-emptydir-data; pods no controller recreates are refused unless --force. A refusal
  changes nothing and names every pod.
  A PodDisruptionBudget that allows no disruption now is named and asked again every 5 s until
  --timeout (default 5m); pods it protects are never deleted. Exit 1 names the budget.

Options:
  --grace-period S  seconds each pod gets to stop (default: the pod's own)
  --timeout D       how long to keep trying (Go duration: 90s, 5m)
  --pod-selector S  only the pods this label selector selects (as kubectl drain --pod-selector)
  --dry-run         print the plan (the pods it would evict) and change nothing`

function oneNode(io: CliIO, verb: string, positionals: string[], usage: string): string | null {
  if (positionals.length === 1) return positionals[0]
  io.stderr.write(`kubedeck ${verb}: ${positionals.length ? `one node at a time, got ${positionals.join(' ')}` : 'name the node'}\n\n${usage}\n`)
  return null
}

const planFlags = { context: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' } } as const

function scheduleCommand(verb: 'cordon' | 'uncordon'): CliCommand {
  const usage = scheduleUsage(verb)
  return {
    name: verb,
    summary: verb === 'cordon' ? 'Mark a node unschedulable, as a plan with an undo' : 'Mark a node schedulable again, as a plan with an undo',
    usage,
    async run(argv, io) {
      const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: planFlags })
      const node = oneNode(io, verb, positionals, usage)
      if (!node) return 2
      const name = requireContext(`kubedeck ${verb}`, values.context)
      const svc = await cliServices(io, { uses: ['cluster'] })
      try {
        const context = await resolveContext(svc, name)
        return await runPlan(io, svc.operations, await svc.cluster.planSchedule(context, node, verb === 'cordon'), values)
      } finally {
        await svc.close()
      }
    }
  }
}

export const cordonCommand = scheduleCommand('cordon')
export const uncordonCommand = scheduleCommand('uncordon')

export const drainCommand: CliCommand = {
  name: 'drain',
  summary: 'Cordon a node and evict its pods as kubectl drain does, never around a PodDisruptionBudget',
  usage: drainUsage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...planFlags,
        'ignore-daemonsets': { type: 'boolean' },
        'delete-emptydir-data': { type: 'boolean' },
        force: { type: 'boolean' },
        'grace-period': { type: 'string' },
        timeout: { type: 'string' },
        'pod-selector': { type: 'string' }
      }
    })
    const node = oneNode(io, 'drain', positionals, drainUsage)
    if (!node) return 2
    const name = requireContext('kubedeck drain', values.context)
    const grace = values['grace-period']
    if (grace !== undefined && !/^-?\d+$/.test(grace)) {
      throw new AppError({
        code: 'input.invalid',
        message: verbatim(`error: invalid argument "${grace}" for "--grace-period" flag: strconv.ParseInt: parsing "${grace}": invalid syntax`)
      })
    }
    const timeoutMs = values.timeout !== undefined ? Math.round(parseDuration(values.timeout, '--timeout') * 1000) : undefined
    const svc = await cliServices(io, { uses: ['cluster'] })
    try {
      const context = await resolveContext(svc, name)
      const op = await svc.cluster.planDrain(context, node, {
        ignoreDaemonsets: values['ignore-daemonsets'],
        deleteEmptydirData: values['delete-emptydir-data'],
        force: values.force,
        podSelector: values['pod-selector'],
        // kubectl: a negative grace period means the pod's own.
        ...(grace !== undefined && Number(grace) >= 0 ? { gracePeriodSeconds: Number(grace) } : {}),
        ...(timeoutMs ? { timeoutMs } : {})
      })
      return await runPlan(io, svc.operations, op, values)
    } finally {
      await svc.close()
    }
  }
}
