import { describe, expect, it } from 'vitest'
import { FlowControl, PauseGate } from './flow-control'

function gated() {
  const calls: string[] = []
  const gate = new PauseGate({ pause: () => calls.push('pause'), resume: () => calls.push('resume') })
  return { gate, calls }
}

describe('FlowControl', () => {
  it('pauses at the high watermark and resumes only below the low one', () => {
    const { gate, calls } = gated()
    const flow = new FlowControl(gate, { high: 100, low: 20 })
    flow.received(60)
    expect(calls).toEqual([])
    flow.received(40)
    expect(calls).toEqual(['pause'])
    flow.received(500) // a paused source still delivers what was already on its way
    expect(calls).toEqual(['pause'])
    flow.acknowledged(590)
    expect(flow.pending).toBe(10)
    expect(calls).toEqual(['pause', 'resume'])
  })

  it('stays paused between the watermarks (hysteresis)', () => {
    const { gate, calls } = gated()
    const flow = new FlowControl(gate, { high: 100, low: 20 })
    flow.received(150)
    flow.acknowledged(100)
    expect(flow.pending).toBe(50)
    expect(gate.paused).toBe(true)
    flow.acknowledged(31)
    expect(calls).toEqual(['pause', 'resume'])
  })

  it('ignores acknowledgements of more than is pending', () => {
    const { gate } = gated()
    const flow = new FlowControl(gate, { high: 100, low: 20 })
    flow.received(10)
    flow.acknowledged(50)
    expect(flow.pending).toBe(0)
  })

  it('reset keeps only what is not yet sent, and resumes', () => {
    const { gate, calls } = gated()
    const flow = new FlowControl(gate, { high: 100, low: 20 })
    flow.received(300)
    flow.reset(5)
    expect(flow.pending).toBe(5)
    expect(calls).toEqual(['pause', 'resume'])
  })

  it('refuses watermarks the wrong way round', () => {
    expect(() => new FlowControl(gated().gate, { high: 10, low: 10 })).toThrow(/low watermark/)
  })
})

describe('PauseGate', () => {
  it('pauses once for several reasons and resumes when the last is released', () => {
    const { gate, calls } = gated()
    gate.hold('flow')
    gate.hold('detached')
    gate.release('flow')
    expect(calls).toEqual(['pause'])
    gate.release('flow')
    gate.release('detached')
    expect(calls).toEqual(['pause', 'resume'])
    expect(gate.paused).toBe(false)
  })
})
