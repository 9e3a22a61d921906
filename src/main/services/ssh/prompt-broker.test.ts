import { describe, expect, it } from 'vitest'
import { SshPromptBroker, type PromptClient } from './prompt-broker'
import { unavailableVault } from './secret-vault'

function client(id: string) {
  const sent: { stream: string; payload: { id: string; kind: string } }[] = []
  const gone: (() => void)[] = []
  // What the handlers make of a window: its prompts travel as `ssh.prompt` stream events.
  const ctx: PromptClient = {
    id,
    ask: (payload) => void sent.push({ stream: 'ssh.prompt', payload }),
    onGone: (fn) => void gone.push(fn)
  }
  return { ctx, sent, disconnect: () => gone.forEach((f) => f()) }
}

const question = { host: 'h', port: 22, keyType: 'ED25519', fingerprintSha256: 'SHA256:x', knownHostsFile: '/kh', status: 'unknown' as const }

describe('SshPromptBroker', () => {
  it('sends each question to the window that asked and takes only its answer', async () => {
    const broker = new SshPromptBroker(unavailableVault('no vault here'))
    const a = client('a')
    const b = client('b')
    const decision = broker.interactionFor(a.ctx).confirmHostKey(question)
    expect(a.sent).toHaveLength(1)
    expect(a.sent[0].stream).toBe('ssh.prompt')
    expect(b.sent).toHaveLength(0)
    const id = a.sent[0].payload.id
    expect(() => broker.answer(b.ctx, id, { kind: 'host-key', decision: 'save' })).toThrow(/no longer waiting/)
    expect(() => broker.answer(a.ctx, id, { kind: 'secret', secret: 'x' })).toThrow(/needs a host-key answer/)
    broker.answer(a.ctx, id, { kind: 'host-key', decision: 'save' })
    expect(await decision).toBe('save')
    expect(() => broker.answer(a.ctx, id, { kind: 'host-key', decision: 'once' })).toThrow(/no longer waiting/)
  })

  it('declines everything a window was asked when it goes away', async () => {
    const broker = new SshPromptBroker(unavailableVault('no vault here'))
    const a = client('a')
    const i = broker.interactionFor(a.ctx)
    const pending = [i.confirmHostKey(question), i.askSecret({ kind: 'password', host: 'h', user: 'u', attempt: 1 }), i.keyboardInteractive({ host: 'h', user: 'u', name: '', instructions: '', prompts: [] })]
    a.disconnect()
    expect(await Promise.all(pending)).toEqual(['reject', null, null])
    expect(broker.waiting).toBe(0)
  })

  it('never offers to remember a secret without a vault, and drops a remember request', async () => {
    const broker = new SshPromptBroker(unavailableVault('no vault here'))
    const a = client('a')
    const secret = broker.interactionFor(a.ctx).askSecret({ kind: 'passphrase', host: 'h', user: 'u', keyFile: '/k', attempt: 1 })
    expect(a.sent[0].payload).toMatchObject({ kind: 'secret', secretKind: 'passphrase', canRemember: false, keyFile: '/k' })
    broker.answer(a.ctx, a.sent[0].payload.id, { kind: 'secret', secret: 's3cret', remember: true })
    expect(await secret).toEqual({ secret: 's3cret', remember: false })
  })
})
