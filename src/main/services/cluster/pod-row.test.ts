import { describe, expect, it } from 'vitest'
import { podRow, type ApiPod } from './pod-row'

const base = (status: ApiPod['status'], extra: Partial<ApiPod> = {}): ApiPod => ({
  metadata: { name: 'p', namespace: 'ns', creationTimestamp: '2026-12-06T01:00:00Z' },
  spec: { nodeName: 'node-1', containers: [{}, {}], ...extra.spec },
  status,
  ...(extra.metadata ? { metadata: { name: 'p', namespace: 'ns', ...extra.metadata } } : {})
})
const running = { ready: true, restartCount: 0, state: { running: {} } }

describe('pod rows as kubectl prints them', () => {
  it('Running with READY and RESTARTS', () => {
    const r = podRow(base({ phase: 'Running', podIP: '10.0.0.5', containerStatuses: [running, { ...running, restartCount: 3 }] }))
    expect(r).toMatchObject({ key: 'ns/p', ready: '2/2', status: 'Running', restarts: 3, node: 'node-1', ip: '10.0.0.5' })
  })
  it('a waiting reason wins (CrashLoopBackOff), and READY counts only ready ones', () => {
    const r = podRow(base({ phase: 'Running', containerStatuses: [running, { ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }))
    expect(r).toMatchObject({ status: 'CrashLoopBackOff', ready: '1/2', restarts: 7 })
  })
  it('init containers: Init:0/1, Init:CrashLoopBackOff, Init:ExitCode', () => {
    const spec = { containers: [{}], initContainers: [{ name: 'setup' }] }
    expect(podRow(base({ phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }] }, { spec })).status).toBe('Init:0/1')
    expect(podRow(base({ phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { spec })).status).toBe('Init:CrashLoopBackOff')
    expect(podRow(base({ phase: 'Pending', initContainerStatuses: [{ state: { terminated: { exitCode: 2 } } }] }, { spec })).status).toBe('Init:ExitCode:2')
  })
  it('Terminating while being deleted; Unknown on a lost node; a finished pod keeps its phase', () => {
    expect(podRow(base({ phase: 'Running', containerStatuses: [running] }, { metadata: { deletionTimestamp: '2026-12-06T02:00:00Z' } })).status).toBe('Terminating')
    expect(podRow(base({ phase: 'Running', reason: 'NodeLost' }, { metadata: { deletionTimestamp: '2026-12-06T02:00:00Z' } })).status).toBe('Unknown')
    expect(
      podRow(base({ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }, { metadata: { deletionTimestamp: 'x' } })).status
    ).toBe('Completed')
  })
  it('Pending without statuses; Evicted from the pod reason', () => {
    expect(podRow(base({ phase: 'Pending' })).status).toBe('Pending')
    expect(podRow(base({ phase: 'Failed', reason: 'Evicted' })).status).toBe('Evicted')
  })
})
