// @vitest-environment jsdom
// The plan view as a user drives it, against the real operations engine (journal, progress
// stream, run, roll back) through the real dispatcher. The plan's host is this machine: a test
// domain runs its commands with the real `sh`, so what a step changes is a real file.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { z } from 'zod'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Plan } from '@shared/model/operations'
import { mountWithServices, type MountedApp } from '../../../../../tests/kits/renderer'
import type { RemoteHost } from '../../../../main/services/operations'
import { sh } from '../../../../main/services/shell'
import { PlanView } from './PlanView'
import i18n from 'i18next'
import { buildRestorePlan } from '../../../../main/services/etcd/plans/restore'
import { kubeadm3, snapshot } from '../../../../../tests/kits/etcd-topologies'

/** This machine as a plan host: commands run with the real sh. */
const here: RemoteHost = {
  run: (command, opts = {}) =>
    new Promise((resolve) => {
      const started = Date.now()
      const child = spawn('sh', ['-c', command.text])
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d
        opts.onStdout?.(d)
      })
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr, durationMs: Date.now() - started }))
    }),
  close: () => undefined
}

let dir: string
let app: MountedApp

function plan(marker: string, failAt?: string): Plan {
  const step = (id: string, command: string, destructive: boolean, undo?: string) => ({
    id,
    title: `Step ${id}`,
    description: `Does ${id}.`,
    host: 'here',
    preflight: id === 'preflight',
    destructive,
    actions: [{ kind: 'shell' as const, host: 'here', command: id === failAt ? 'echo "no space left" >&2; exit 3' : command }],
    ...(undo ? { undo: { description: `Undo ${id}`, actions: [{ kind: 'shell' as const, host: 'here', command: undo }] } } : {})
  })
  return {
    domain: 'test',
    kind: 'test.write',
    title: 'Write the marker',
    summary: 'Writes a file, then appends to it.',
    context: { file: join(dir, 'config'), name: 'lab' },
    confirmText: 'lab',
    hosts: { here: { label: 'this machine', target: {}, root: false } },
    steps: [
      step('preflight', sh`test -d ${dir} && echo ready`.text, false),
      {
        ...step('write', sh`echo first > ${marker}`.text, true, sh`rm -f ${marker}`.text),
        check: { description: 'The marker is there', action: { kind: 'shell', host: 'here', command: sh`cat ${marker}`.text }, stdoutMatches: '^first$' }
      },
      {
        ...step('append', sh`echo second >> ${marker}`.text, true, sh`sed -i '/second/d' ${marker}`.text),
        check: { description: 'The marker has both lines', action: { kind: 'shell', host: 'here', command: sh`tail -1 ${marker}`.text }, stdoutMatches: '^second$' }
      }
    ],
    warnings: ['It writes a file.'],
    params: {},
    createdAt: new Date().toISOString()
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-planview-'))
  app = await mountWithServices(<div id="slot" />, { HOME: dir, KUBECONFIG: join(dir, 'config') })
  app.services.operations.registerDomain('test', { target: z.object({}), connect: async () => here, builtins: [] })
})
afterEach(async () => {
  await app.unmount()
  rmSync(dir, { recursive: true, force: true })
})

async function show(p: Plan): Promise<string> {
  const op = await app.services.operations.create(p)
  await act(async () => {
    app.show(<PlanView id={op.id} />)
  })
  await screen.findByTestId('plan-view')
  return op.id
}
const state = () => screen.getByTestId('plan-view').getAttribute('data-state')

describe('PlanView', () => {
  it('runs only after the context name is typed, shows each step succeed, and rolls back', async () => {
    const marker = join(dir, 'marker')
    await show(plan(marker))
    expect(state()).toBe('planned')
    expect(screen.getByText('It writes a file.')).toBeTruthy()
    const run = screen.getByTestId('plan-run') as HTMLButtonElement
    expect(run.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('plan-confirm-input'), { target: { value: 'not-lab' } })
    expect(run.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('plan-confirm-input'), { target: { value: 'lab' } })
    expect(run.disabled).toBe(false)
    await act(async () => {
      fireEvent.click(run)
    })
    await waitFor(() => expect(state()).toBe('succeeded'), { timeout: 10_000 })
    for (const id of ['preflight', 'write', 'append']) expect(screen.getByTestId(`plan-step-${id}`).getAttribute('data-status')).toBe('succeeded')
    expect(readFileSync(marker, 'utf8')).toBe('first\nsecond\n')

    // The outcome says what changed; rolling back is offered, not put first, and asks for the name again.
    expect(screen.getByTestId('plan-outcome').textContent).toMatch(/Done in .*Step write.*Step append/)
    expect(screen.queryByTestId('plan-confirm-input')).toBeNull()
    fireEvent.click(await waitFor(() => screen.getByTestId('plan-rollback-offer'), { timeout: 10_000 }))
    const rollback = screen.getByTestId('plan-rollback')
    fireEvent.change(screen.getByTestId('plan-confirm-input'), { target: { value: 'lab' } })
    await act(async () => {
      fireEvent.click(rollback)
    })
    await waitFor(() => expect(state()).toBe('rolled-back'), { timeout: 10_000 })
    expect(existsSync(marker)).toBe(false)
    expect(screen.getByTestId('plan-outcome').textContent).toMatch(/Rolled back/)
  })

  it('stops at a failing step with its error, and offers to resume or roll back', async () => {
    const marker = join(dir, 'marker')
    const id = await show(plan(marker, 'append'))
    fireEvent.change(screen.getByTestId('plan-confirm-input'), { target: { value: 'lab' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('plan-run'))
    })
    await waitFor(() => expect(state()).toBe('failed'), { timeout: 10_000 })
    expect(screen.getByTestId('plan-step-append').getAttribute('data-status')).toBe('failed')
    expect(screen.getByTestId('plan-error').textContent).toMatch(/no space left/)
    // The outcome says where it stopped, what it changed so far, and what to do.
    await waitFor(() =>
      expect(screen.getByTestId('plan-outcome').textContent).toMatch(
        /^Stopped after .* at step 3\. Step append\..*What it changed so far:Step write.*resume from that step, or roll back/
      )
    )
    expect(readFileSync(marker, 'utf8')).toBe('first\n')
    // The journal, read back by a fresh load, says the same.
    expect((await app.services.operations.get(id)).steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'failed'])
    expect(await screen.findByTestId('plan-resume', {}, { timeout: 5000 })).toBeTruthy()
    expect(screen.getByTestId('plan-rollback')).toBeTruthy()
    expect(screen.queryByTestId('plan-run')).toBeNull()
  })

  it('estimates the API downtime, shows every check attempt as it happens, and offers to remove what it set aside', async () => {
    const aside = join(dir, 'data.kubedeck-aside-1')
    const flag = join(dir, 'ready')
    const base = plan(join(dir, 'marker'))
    const p: Plan = {
      ...base,
      steps: [
        base.steps[0],
        {
          ...base.steps[1],
          api: 'down',
          expectedMs: 20_000,
          actions: [{ kind: 'shell', host: 'here', command: sh`mkdir -p ${aside} && (sleep 0.5; touch ${flag}) >/dev/null 2>&1 &`.text }],
          check: {
            description: 'The flag is up',
            action: { kind: 'shell', host: 'here', command: sh`test -f ${flag} && echo up`.text },
            stdoutMatches: '^up$',
            retry: { timeoutMs: 10_000, intervalMs: 200 }
          }
        },
        { ...base.steps[2], api: 'up', expectedMs: 10_000 }
      ],
      next: ['Look at the marker.'],
      leftovers: [{ host: 'here', path: aside, what: 'the old data' }]
    }
    const id = await show(p)
    expect(screen.getByTestId('plan-estimate').textContent).toMatch(/about 31 s.*API will be unavailable for about 30 s/)
    fireEvent.change(screen.getByTestId('plan-confirm-input'), { target: { value: 'lab' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('plan-run'))
    })
    // While the check polls, its attempts appear one by one, none of them passed.
    await waitFor(() => expect(screen.getAllByTestId('plan-record').filter((r) => r.getAttribute('data-phase') === 'check').length).toBeGreaterThanOrEqual(1), { timeout: 10_000 })
    expect(screen.getByTestId('plan-api-down').textContent).toMatch(/API down since/)
    await waitFor(() => expect(state()).toBe('succeeded'), { timeout: 10_000 })
    fireEvent.click(screen.getByText('Expand all'))
    const checks = within(screen.getByTestId('plan-step-write'))
      .getAllByTestId('plan-record')
      .filter((r) => r.getAttribute('data-phase') === 'check')
    expect(checks.length).toBeGreaterThan(1)
    expect(checks.map((r) => r.getAttribute('data-result'))).toEqual([...checks.slice(1).map(() => 'retry'), 'ok'])
    expect(checks[0].textContent).toMatch(/attempt 1.*exit 1.*Not yet/)
    // The live view is the journal: a fresh read shows the same attempts.
    expect((await app.services.operations.get(id)).steps[1].commands.filter((c) => c.phase === 'check').length).toBe(checks.length)

    expect(screen.getByTestId('plan-api-downtime').textContent).toMatch(/API was unavailable for \d/)
    expect(screen.getByTestId('plan-next').textContent).toBe('Look at the marker.')
    expect(screen.getByTestId('plan-leftovers').textContent).toContain(aside)
    fireEvent.click(await waitFor(() => screen.getByTestId('plan-remove-leftovers'), { timeout: 10_000 }))
    await waitFor(() => expect(Object.values(app.store.getState().operations).some((o) => o.kind === 'test.remove-leftovers')).toBe(true))
    expect(existsSync(aside)).toBe(true)
  })

  it('words a built plan in the reader’s language: title, summary, warnings, every step, check and undo', async () => {
    const restore = buildRestorePlan({ topology: kubeadm3(), snapshot, stamp: 's' })
    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    try {
      await show({ ...restore, domain: 'test' })
      fireEvent.click(screen.getByText('全部展开'))
      const view = screen.getByTestId('plan-view')
      expect(view.querySelector('h2')!.textContent).toMatch(/^用 prod\.db 恢复 .* 的 etcd$/)
      expect(screen.getByText(/快照（2025-01-01T00:00:00Z）之后写入集群的一切都会丢失/)).toBeTruthy()
      for (const s of restore.steps) {
        const step = screen.getByTestId(`plan-step-${s.id}`)
        // Neither the English title nor the English description is shown, only their Chinese.
        expect(step.textContent, s.id).not.toContain(s.title)
        expect(step.textContent, s.id).not.toContain(s.description)
        if (s.check) expect(step.textContent, s.id).not.toContain(s.check.description)
        if (s.undo) expect(step.textContent, s.id).not.toContain(s.undo.description)
        expect(step.querySelector('.plan-title')!.textContent, s.id).toMatch(/[\u4e00-\u9fff]/)
      }
    } finally {
      await act(async () => {
        await i18n.changeLanguage('en')
      })
    }
  })
})
