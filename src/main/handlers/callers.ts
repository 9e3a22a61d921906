// Who is calling, in each service's own terms: a CallContext (a window, or a web-mode socket)
// becomes the prompt client the SSH service asks questions through, the viewer a terminal shows
// in, and the asker an operation or a discovery asks for host keys and passwords.
import type { CallContext } from '../dispatch'
import type { SshPromptBroker, PromptClient, SshInteraction } from '../services/ssh'
import type { TerminalViewer } from '../services/terminals'

export function promptClientOf(ctx: CallContext): PromptClient {
  return { id: ctx.clientId, ask: (prompt) => ctx.emit('ssh.prompt', prompt), onGone: (fn) => ctx.onDisconnect(fn) }
}

/** The person at the calling window, as SSH asks them. */
export const askerOf = (prompts: SshPromptBroker, ctx: CallContext): SshInteraction => prompts.interactionFor(promptClientOf(ctx))

export function viewerOf(ctx: CallContext, asker?: SshInteraction): TerminalViewer {
  return {
    id: ctx.clientId,
    show: (event, payload) => ctx.emit(`terminals.${event}`, payload as never),
    onGone: (fn) => ctx.onDisconnect(fn),
    asker
  }
}
