// The SSH calls: the host inventory, resolution, connection tests (asking the calling window)
// and the answers to what was asked.
import type { sshCalls } from '../../shared/contracts/ssh'
import type { HandlersFor } from '../dispatch'
import type { HostInventoryService, SshPromptBroker, SshService } from '../services/ssh'
import { askerOf, promptClientOf } from './callers'

export function sshHandlers(deps: { ssh: SshService; inventory: HostInventoryService; prompts: SshPromptBroker }): HandlersFor<typeof sshCalls> {
  const { ssh, inventory, prompts } = deps
  return {
    'ssh.inventory': ({ context }) => inventory.inventory(context),
    'ssh.setTarget': ({ context, id, target }) => inventory.setTarget(context, id, target),
    'ssh.addHost': ({ context, name, target }) => inventory.addHost(context, name, target),
    'ssh.removeHost': ({ context, id }) => inventory.removeHost(context, id),
    'ssh.resolve': ({ target }) => ssh.resolve(target),
    'ssh.testConnection': ({ target }, ctx) => ssh.testConnection(target, askerOf(prompts, ctx)),
    'ssh.answerPrompt': ({ id, answer }, ctx) => prompts.answer(promptClientOf(ctx), id, answer),
    'ssh.removeKnownHost': ({ file, line, keyType }) => ssh.removeKnownHost(file, line, keyType),
    'ssh.vaultStatus': () => ssh.vaultStatus()
  }
}
