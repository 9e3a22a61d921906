import { sshCalls } from '../../../shared/contracts/ssh'
import type { HandlersFor } from '../../dispatch'
import type { HostInventoryService } from './inventory'
import type { SshPromptBroker } from './prompt-broker'
import type { SshService } from './service'

export function sshHandlers(deps: { ssh: SshService; inventory: HostInventoryService; prompts: SshPromptBroker }): HandlersFor<typeof sshCalls> {
  const { ssh, inventory, prompts } = deps
  return {
    'ssh.inventory': ({ context }) => inventory.inventory(context),
    'ssh.setTarget': ({ context, id, target }) => inventory.setTarget(context, id, target),
    'ssh.addHost': ({ context, name, target }) => inventory.addHost(context, name, target),
    'ssh.removeHost': ({ context, id }) => inventory.removeHost(context, id),
    'ssh.resolve': ({ target }) => ssh.resolve(target),
    'ssh.testConnection': ({ target }, ctx) => ssh.testConnection(target, prompts.interactionFor(ctx)),
    'ssh.answerPrompt': ({ id, answer }, ctx) => prompts.answer(ctx, id, answer),
    'ssh.removeKnownHost': ({ file, line, keyType }) => ssh.removeKnownHost(file, line, keyType),
    'ssh.vaultStatus': () => ssh.vaultStatus()
  }
}
