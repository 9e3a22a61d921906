import { describe, expect, it } from 'vitest'
import type { Plan } from '@shared/model/operations'
import { duration, planScript } from './plan-script'

const plan: Plan = {
  domain: 'etcd',
  kind: 'etcd.repair-wal-tmp',
  title: 'Repair WAL',
  summary: 'Moves 0.tmp aside.',
  context: { file: '/home/u/.kube/config', name: 'prod' },
  confirmText: 'prod',
  hosts: { 'cp-1': { label: 'cp-1', target: {}, root: false } },
  steps: [
    {
      id: 'a',
      title: 'Check',
      description: 'Reads.',
      host: 'cp-1',
      preflight: true,
      destructive: false,
      actions: [{ kind: 'shell', host: 'cp-1', command: 'test -d /x', root: true }]
    },
    {
      id: 'b',
      title: 'Move',
      description: 'Moves it.',
      host: 'cp-1',
      preflight: false,
      destructive: true,
      actions: [{ kind: 'shell', host: 'cp-1', command: "mv /x '/y z'", root: true }],
      check: { description: 'gone', action: { kind: 'shell', host: 'cp-1', command: 'test ! -e /x && echo ok' }, stdoutMatches: '^ok$' },
      undo: { description: 'Back', actions: [{ kind: 'builtin', name: 'etcd.readyz', args: {}, display: ['kubectl get --raw /readyz'] }] }
    }
  ],
  warnings: ['Careful.'],
  params: {},
  createdAt: '2026-12-06T00:00:00Z'
}

describe('a plan as a script', () => {
  it('sends each host its commands verbatim through ssh, with checks and undos as comments', () => {
    const s = planScript(plan)
    expect(s).toContain("ssh cp-1 sudo sh -s <<'KUBEDECK_END_OF_SCRIPT'\nmv /x '/y z'\nKUBEDECK_END_OF_SCRIPT")
    expect(s).toContain('# check: gone (its output matches /^ok$/)')
    expect(s).toContain('# undo: Back\n#   # built-in etcd.readyz: kubectl get --raw /readyz')
    expect(s).toContain('# ── 2. Move [changes the cluster]')
  })

  it('words durations for people', () => {
    expect(duration(3200)).toBe('3.2 s')
    expect(duration(75_000)).toBe('1 m 15 s')
  })
})
