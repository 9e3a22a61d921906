import { describe, expect, it } from 'vitest'
import { renamedSince } from './undo'
import type { ContextRename, WriteLogEntry } from './writer'

const F = '/k/config'
let n = 0
/** A logged write of F that saved version `id` before renaming `renamed`. */
const write = (id: string, ...renamed: [string, string][]): WriteLogEntry => ({
  id,
  at: '',
  reason: `write ${n++}`,
  files: [{ path: F, versionId: id, afterStamp: null, renamed: renamed.length ? renamed.map(([from, to]) => ({ from, to })) : undefined }]
})
const undo = (of: WriteLogEntry): WriteLogEntry => ({
  id: `undo-${of.id}`,
  at: '',
  reason: 'undo',
  undo: true,
  files: of.files.map((f) => ({ ...f, renamed: f.renamed?.map((r): ContextRename => ({ from: r.to, to: r.from })) }))
})
const other = (id: string): WriteLogEntry => ({ id, at: '', reason: 'other file', files: [{ path: '/k/other', versionId: id, afterStamp: null, renamed: [{ from: 'prod', to: 'x' }] }] })

describe('renamedSince (which contexts a restore gives their earlier names back)', () => {
  it('composes the renames made since the version was saved, in this file only', () => {
    const log = [write('v0', ['dev', 'dev-old']), write('v1', ['prod', 'prod-1']), other('o1'), write('v2'), write('v3', ['prod-1', 'prod-2'])]
    expect(renamedSince(log, F, 'v1')).toEqual([{ from: 'prod', to: 'prod-2' }])
    expect(renamedSince(log, F, 'v3')).toEqual([{ from: 'prod-1', to: 'prod-2' }])
    expect(renamedSince(log, F, 'v0')).toEqual([
      { from: 'dev', to: 'dev-old' },
      { from: 'prod', to: 'prod-2' }
    ])
  })

  it('lets an undone rename cancel out, and drops a chain that comes back to its name', () => {
    const r = write('v1', ['prod', 'prod-eu'])
    expect(renamedSince([r, undo(r)], F, 'v1')).toEqual([])
    expect(renamedSince([write('v1', ['a', 'b']), write('v2', ['b', 'a'])], F, 'v1')).toEqual([])
  })

  it('handles a swap made in one write', () => {
    expect(renamedSince([write('v1', ['blue', 'green'], ['green', 'blue'])], F, 'v1')).toEqual([
      { from: 'blue', to: 'green' },
      { from: 'green', to: 'blue' }
    ])
  })

  it('does not take a later context that reused a name for the one the version had', () => {
    // prod → prod-eu; later a new "prod" is created and renamed prod-new. Only prod-eu was prod then.
    const log = [write('v1', ['prod', 'prod-eu']), write('v2'), write('v3', ['prod', 'prod-new'])]
    expect(renamedSince(log, F, 'v1')).toEqual([{ from: 'prod', to: 'prod-eu' }])
  })

  it('knows nothing of a version whose write is not in the log', () => {
    expect(renamedSince([write('v1', ['a', 'b'])], F, 'gone')).toEqual([])
  })
})
