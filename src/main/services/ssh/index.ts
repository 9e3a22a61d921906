// The SSH domain's one door. Other services build on:
//   SshService.connect(target, interaction) → SshConnection (shell/exec/sftp, keepalive, jump chain)
//   SshService.session(target, interaction, audit) → HostSession (audited command runner, sudo, SFTP with sha256)
//   SshPromptBroker.interactionFor(client) → the UI's SshInteraction for one window
//   HostInventoryService.inventory(context) → the cluster's hosts and their SSH targets
//   sshHostTargetSchema → how a plan names a host it will reach again
export type { HostSession, SecretCipher, SshConnection, SshInteraction, SshTarget } from './types'
export { SshService } from './ssh-service'
export { SshPromptBroker, type PromptClient } from './prompt-broker'
export { nobodyToAsk } from './batch-interaction'
export { ttyInteraction } from './tty-interaction'
export { EncryptedFileVault } from './secret-vault'
export { HostInventoryService, kubeNodeSource } from './inventory'
export { formatSshG, listConfigHosts } from './config'
export { resolveTarget, sshEnvironment } from './settings'
export { defaultNodeTarget } from './node-target'
export { sshHostTargetSchema, type SshHostTarget } from './plan-target'
