// Running a plan from a terminal, for every command that builds one (etcd restore and repairs,
// and the operations command's resume and rollback): print it, confirm it, follow it.
import type { OperationDetail, OperationProgress } from '../../shared/model/operations'
import { AppError } from '../../shared/errors'
import { formatOperation, formatPlan, type OperationsService } from '../services/operations'
import type { CliIO } from './types'
import { verbatim } from '../../shared/error-messages'

type Operations = OperationsService<never> | OperationsService<import('../services/ssh').SshInteraction>

/** Prints the plan; with --dry-run stops there; otherwise asks (or takes --yes) and runs it, streaming progress. */
export async function runPlan(io: CliIO, operations: Operations, op: OperationDetail, v: { json?: boolean; 'dry-run'?: boolean; yes?: boolean }): Promise<number> {
  if (v['dry-run']) {
    io.stdout.write(v.json ? JSON.stringify(op.plan, null, 2) + '\n' : formatPlan(op.plan) + `\nDry run: nothing was changed. The plan is journaled as ${op.id}.\n`)
    await operations.abandon(op.id)
    return 0
  }
  if (!v.json) io.stdout.write(formatPlan(op.plan) + '\n')
  const confirm = await confirmText(io, op, v.yes)
  if (confirm === null) {
    await operations.abandon(op.id)
    io.stderr.write('Not confirmed: nothing was changed.\n')
    return 1
  }
  if (!v.json) io.stdout.write(`Running operation ${op.id} (journal ${op.journal})\n`)
  return follow(io, operations, op.id, 'run', confirm, Boolean(v.json))
}

export async function confirmText(io: CliIO, op: OperationDetail, yes?: boolean): Promise<string | null> {
  if (!op.destructive || yes) return op.plan.confirmText
  const stdin = io.stdin as NodeJS.ReadableStream & { isTTY?: boolean }
  if (!stdin.isTTY) {
    throw new AppError({
      code: 'operations.confirm',
      message: verbatim(`"${op.title}" changes the cluster and there is no terminal to confirm on.`),
      hint: verbatim('Review it with --dry-run, then run it again with --yes.')
    })
  }
  io.stderr.write(`Type the context name "${op.plan.confirmText}" to run this plan: `)
  const answer = await new Promise<string>((resolveLine) => {
    let buf = ''
    const onData = (d: Buffer | string) => {
      buf += d.toString()
      const nl = buf.indexOf('\n')
      if (nl >= 0) {
        stdin.off('data', onData)
        stdin.pause()
        resolveLine(buf.slice(0, nl).replace(/\r$/, ''))
      }
    }
    stdin.on('data', onData)
    stdin.resume()
  })
  return answer === op.plan.confirmText ? answer : null
}

/** Runs (or resumes, or rolls back) and prints each step and its output as it happens. */
export async function follow(io: CliIO, operations: Operations, id: string, mode: 'run' | 'resume' | 'rollback', confirm: string, json: boolean): Promise<number> {
  const detail = await operations.get(id)
  const index = new Map(detail.plan.steps.map((s, i) => [s.id, i + 1]))
  const total = detail.plan.steps.length
  // A polled check's attempts print one line each; only the last attempt's output is shown.
  let checkOutput: string | null = null
  const off = operations.onProgress((p: OperationProgress) => {
    if (p.id !== id || json) return
    if (p.type === 'command') {
      checkOutput = p.label.startsWith('check:') ? '' : null
    } else if (p.type === 'record') {
      const r = p.record
      const final = !r.attempt || r.passed || r.error?.startsWith('Check failed')
      if (r.attempt) io.stdout.write(`    ${r.label}, attempt ${r.attempt}: ${r.passed ? 'passed' : (r.error ?? 'not yet')}\n`)
      if (final && checkOutput) io.stdout.write(checkOutput)
      checkOutput = null
    } else if (p.type === 'step') {
      const s = detail.plan.steps.find((x) => x.id === p.step)!
      const where = s.host ? (detail.plan.hosts[s.host]?.label ?? s.host) : 'this machine'
      if (p.status === 'running' || p.status === 'undoing')
        io.stdout.write(`\n${p.status === 'undoing' ? '↺' : '▶'} [${index.get(p.step)}/${total}] ${s.title} (${where})  step ${p.step}\n`)
      else io.stdout.write(`  ${p.status}${p.error ? `: ${p.error}` : ''}\n`)
    } else if (p.type === 'output') {
      const text = p.chunk.replace(/^(?=.)/gm, '    ')
      if (checkOutput !== null) checkOutput += text
      else io.stdout.write(text)
    } else if (p.type === 'state') {
      io.stdout.write(`\n${p.state}${p.error ? `: ${p.error}` : ''}\n`)
    }
  })
  try {
    const done = await operations.runToEnd(id, mode, confirm)
    if (json)
      io.stdout.write(
        JSON.stringify({ id: done.id, state: done.state, error: done.error, steps: done.steps.map((s) => ({ id: s.id, status: s.status, error: s.error })) }, null, 2) + '\n'
      )
    else io.stdout.write('\n' + formatOperation(done) + '\n')
    return done.state === 'succeeded' || done.state === 'rolled-back' ? 0 : 1
  } finally {
    off()
  }
}
