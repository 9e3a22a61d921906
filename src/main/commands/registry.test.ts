import { describe, expect, it } from 'vitest'
import { commands } from './registry'

describe('the command registry', () => {
  it('lists each command under its own name and summary (help without loading it must not drift)', async () => {
    for (const entry of commands) {
      const command = await entry.load()
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary })
      expect(command.usage).toMatch(/Usage/)
    }
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length)
  })
})
