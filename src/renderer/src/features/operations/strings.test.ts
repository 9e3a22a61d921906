import { describe, expect, it } from 'vitest'
import type { OperationState, StepStatus } from '@shared/model/operations'
import { operationsStrings } from './strings'

type Tree = { [k: string]: string | Tree }
const flatten = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : flatten(v, `${prefix}${k}.`)))

describe('operations strings', () => {
  it('has every key in both languages', () => {
    expect(flatten(operationsStrings['zh-CN'] as unknown as Tree).sort()).toEqual(flatten(operationsStrings.en as unknown as Tree).sort())
  })
  it('names every operation state and step status', () => {
    const states: OperationState[] = ['planned', 'running', 'succeeded', 'refused', 'failed', 'interrupted', 'rolling-back', 'rolled-back', 'rollback-failed', 'abandoned']
    const statuses: StepStatus[] = ['pending', 'running', 'succeeded', 'failed', 'interrupted', 'skipped', 'undoing', 'undone', 'undo-failed']
    expect(Object.keys(operationsStrings.en.operations.state).sort()).toEqual([...states].sort())
    expect(Object.keys(operationsStrings.en.operations.status).sort()).toEqual([...statuses].sort())
  })
})
