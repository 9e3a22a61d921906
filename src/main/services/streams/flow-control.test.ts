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
    const flow = new FlowControl(gate, { marks: { high: 100, low: 20 } })
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
    const flow = new FlowControl(gate, { marks: { high: 100, low: 20 } })
    flow.received(150)
    flow.acknowledged(100)
    expect(flow.pending).toBe(50)
    expect(gate.paused).toBe(true)
    flow.acknowledged(31)
    expect(calls).toEqual(['pause', 'resume'])
  })

  it('ignores acknowledgements of more than is pending', () => {
    const { gate } = gated()
    const flow = new FlowControl(gate, { marks: { high: 100, low: 20 } })
    flow.received(10)
    flow.acknowledged(50)
    expect(flow.pending).toBe(0)
  })

  it('reset keeps only what is not yet sent, and resumes', () => {
    const { gate, calls } = gated()
    const flow = new FlowControl(gate, { marks: { high: 100, low: 20 } })
    flow.received(300)
    flow.reset(5)
    expect(flow.pending).toBe(5)
    expect(calls).toEqual(['pause', 'resume'])
  })

  it('refuses watermarks the wrong way round', () => {
    expect(() => new FlowControl(gated().gate, { marks: { high: 10, low: 10 } })).toThrow(/low watermark/)
  })
})

describe('FlowControl with a latency budget', () => {
  const options = { marks: { high: 1000, low: 300 }, budgetMs: 40, minHigh: 100, maxHigh: 100_000 }

  it('sizes the high mark to what the window renders within the budget', () => {
    let clock = 0
    const flow = new FlowControl(gated().gate, options, () => clock)
    flow.received(5000)
    // The window works through a standing backlog at 50 units/ms: 40 ms of that is 2000 units.
    for (let i = 0; i < 40; i++) {
      clock += 10
      flow.acknowledged(500)
      flow.received(500)
    }
    expect(flow.marks.high).toBeGreaterThan(1900)
    expect(flow.marks.high).toBeLessThan(2100)
    expect(flow.marks.low).toBe(Math.round(flow.marks.high / 3))
  })

  it('does not take an idle window for a slow one', () => {
    let clock = 0
    const flow = new FlowControl(gated().gate, options, () => clock)
    // Small writes, each acknowledged long after with nothing else queued: no samples.
    for (let i = 0; i < 10; i++) {
      flow.received(10)
      clock += 1000
      flow.acknowledged(10)
    }
    expect(flow.marks).toEqual({ high: 1000, low: 300 })
  })

  it('stays within its bounds', () => {
    let clock = 0
    const flow = new FlowControl(gated().gate, { ...options, minHigh: 800, maxHigh: 5000 }, () => clock)
    flow.received(100_000)
    for (let i = 0; i < 20; i++) {
      clock += 1
      flow.acknowledged(4000)
    }
    expect(flow.marks.high).toBe(5000)
  })

  it('forgets the speed of a window that was replaced', () => {
    let clock = 0
    const flow = new FlowControl(gated().gate, options, () => clock)
    flow.received(10_000)
    for (let i = 0; i < 5; i++) {
      clock += 100
      flow.acknowledged(100)
    }
    const slow = flow.marks.high
    flow.reset()
    flow.received(10_000)
    clock += 5
    flow.acknowledged(1000)
    expect(flow.marks.high).toBe(slow)
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
