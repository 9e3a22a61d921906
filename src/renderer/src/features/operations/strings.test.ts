import { expect, it } from 'vitest'
import type { OperationState, StepStatus } from '@shared/model/operations'
import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { operationsStrings } from './strings'

const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.ts'], { query: '?raw', import: 'default', eager: true })

describeCatalog('operations', operationsStrings, { namespace: 'operations', sources })

it('names every operation state and step status', () => {
  const states: OperationState[] = ['planned', 'running', 'succeeded', 'refused', 'failed', 'interrupted', 'rolling-back', 'rolled-back', 'rollback-failed', 'abandoned']
  const statuses: StepStatus[] = ['pending', 'running', 'succeeded', 'failed', 'interrupted', 'skipped', 'undoing', 'undone', 'undo-failed']
  expect(Object.keys(operationsStrings.en.operations.state).sort()).toEqual([...states].sort())
  expect(Object.keys(operationsStrings.en.operations.status).sort()).toEqual([...statuses].sort())
})
