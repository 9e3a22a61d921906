// The composition root: builds every service once for a process (Electron main, `kubedeck
// serve`, or a CLI command) and maps the contract onto them. Nothing here imports electron;
// the shell passes in what only it can do (DesktopBridge).
import { version } from '../../package.json'
import type { AppInfo } from '../shared/model/app'
import type { CallContext, Handlers } from './dispatch'
import { nobodyToAsk, wireEtcd } from './etcd-wiring'
import type { EventBroadcaster } from './events'
import { PreferencesService, appHandlers, resolveDataDir, type DesktopBridge } from './services/app'
import { KubeconfigService, kubeconfigHandlers } from './services/kubeconfig'
import { EncryptedFileVault, HostInventoryService, SshPromptBroker, SshService, kubeNodeSource, sshHandlers, type SecretCipher, type SshInteraction } from './services/ssh'
import { TerminalService, minifiedKubeconfigWriter, terminalsHandlers } from './services/terminals'
import { OperationsService, operationsHandlers } from './services/operations'
import { etcdHandlers, type EtcdService } from './services/etcd'

export interface AppServicesOptions {
  transport: AppInfo['transport']
  events: EventBroadcaster
  desktop: DesktopBridge
  env?: NodeJS.ProcessEnv
  dataDir?: string
  /** Electron's safeStorage, to remember SSH secrets a person asks to keep; absent in web mode and the CLI. */
  secretCipher?: SecretCipher
}

export interface AppServices {
  info: AppInfo
  preferences: PreferencesService
  kubeconfig: KubeconfigService
  ssh: SshService
  sshPrompts: SshPromptBroker
  hostInventory: HostInventoryService
  terminals: TerminalService
  operations: OperationsService
  etcd: EtcdService
  handlers: Handlers
  close(): Promise<void>
}

export async function createAppServices(opts: AppServicesOptions): Promise<AppServices> {
  const env = opts.env ?? process.env
  const dataDir = opts.dataDir ?? resolveDataDir(env)
  const info: AppInfo = { version, transport: opts.transport, platform: process.platform, dataDir }
  const preferences = new PreferencesService(dataDir)
  const kubeconfig = new KubeconfigService({ dataDir, env, events: opts.events })
  const ssh = new SshService({ dataDir, env, vault: opts.secretCipher ? new EncryptedFileVault(dataDir, opts.secretCipher) : undefined })
  const sshPrompts = new SshPromptBroker(ssh.vault)
  const hostInventory = new HostInventoryService(dataDir, kubeNodeSource((ref) => kubeconfig.clientFor(ref)), { env })
  const terminals = new TerminalService({
    kubeConfigFor: (ref) => kubeconfig.clientFor(ref),
    writeMinifiedKubeconfig: minifiedKubeconfigWriter(kubeconfig),
    connectSsh: (target, requester) => ssh.connect(target, sshPrompts.interactionFor(requester)),
    env
  })
  // Operations and the etcd wizard: progress goes to every window; SSH questions to the window
  // that started the work (its requester is that window's SshInteraction).
  const operations = new OperationsService({ dataDir, broadcast: (p) => opts.events.broadcast('operations.progress', p) })
  const askWindow = (ctx: CallContext) => sshPrompts.interactionFor(ctx)
  const { etcd, close: closeEtcd } = wireEtcd({
    dataDir,
    env,
    kubeconfig,
    inventory: hostInventory,
    operations,
    ssh,
    interaction: (requester) => (requester as SshInteraction | undefined) ?? nobodyToAsk
  })
  const handlers: Handlers = {
    ...appHandlers({ info, preferences, desktop: opts.desktop }),
    ...kubeconfigHandlers(kubeconfig),
    ...sshHandlers({ ssh, inventory: hostInventory, prompts: sshPrompts }),
    ...terminalsHandlers(terminals),
    ...operationsHandlers(operations, askWindow),
    ...etcdHandlers(etcd, askWindow)
  }
  return {
    info,
    preferences,
    kubeconfig,
    ssh,
    sshPrompts,
    hostInventory,
    terminals,
    operations,
    etcd,
    handlers,
    close: async () => {
      await operations.close()
      closeEtcd()
      // Terminals first: their SSH connections and private kubeconfigs go before the rest.
      await terminals.close()
      kubeconfig.close()
      ssh.close()
    }
  }
}

/** Web mode and the CLI cannot open a browser for the renderer; this is the shared fallback. */
export const headlessDesktop: DesktopBridge = {
  openExternal: async () => {
    throw new Error('Opening links is done by the browser in web mode.')
  }
}
