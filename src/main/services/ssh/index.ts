// The SSH domain's one door. Other services build on:
//   SshService.connect(target, interaction) → SshConnection (shell/exec/sftp, keepalive, jump chain)
//   SshService.session(target, interaction, audit) → HostSession (audited command runner, sudo, SFTP with sha256)
//   SshPromptBroker.interactionFor(ctx) → the UI's SshInteraction for one window
//   HostInventoryService.targetFor(context, hostId) → the SshTarget of a node on the Nodes page
export type {
  AuditInfo,
  CommandResult,
  ExecOptions,
  HostSession,
  RunOptions,
  SecretAnswer,
  SecretCipher,
  SecretVault,
  ShellOptions,
  SshConnection,
  SshConnectionEvent,
  SshInteraction,
  SshTarget,
  TransferResult
} from './types'
export { SshService, type SshServiceOptions } from './service'
export { SshPromptBroker } from './prompt-broker'
export { ttyInteraction } from './tty-interaction'
export { EncryptedFileVault } from './secret-vault'
export { HostInventoryService, kubeNodeSource, type ClusterNode, type NodeSource } from './inventory'
export { AuditLog, type AuditRecord } from './audit-log'
export { sshHandlers } from './handlers'
export { formatSshG, listConfigHosts, type SshOptions } from './config'
export { resolveTarget, type SshConfigSource } from './settings'
