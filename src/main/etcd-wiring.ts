// The etcd wizard wired to its neighbours: SSH sessions (one SshService per `ssh -F` file a
// plan was made with), API clients from the kubeconfig service, and the Nodes page's host
// mapping. The app and the CLI differ only in whom SSH asks about host keys and passwords.
import type { ContextRef } from '../shared/model/kubeconfig'
import { EtcdService } from './services/etcd'
import type { KubeconfigService } from './services/kubeconfig'
import type { OperationsService } from './services/operations'
import { SshService, type HostInventoryService, type SshInteraction, type SshTarget } from './services/ssh'

export interface EtcdWiring {
  dataDir: string
  env: NodeJS.ProcessEnv
  kubeconfig: KubeconfigService
  inventory: HostInventoryService
  operations: OperationsService
  /** The SshService for the user's own ssh config. */
  ssh: SshService
  /**
   * Who to ask, given the requester an operation or call carries (the app passes the calling
   * window's SshInteraction; work resumed with nobody attached gets the fallback).
   */
  interaction(requester: unknown): SshInteraction
  /** `kubedeck … -F FILE`: node targets are resolved through this ssh config. */
  sshConfigFile?: string
}

export function wireEtcd(w: EtcdWiring): { etcd: EtcdService; close(): void } {
  const byConfig = new Map<string, SshService>()
  const sshFor = (configFile?: string) => {
    if (!configFile) return w.ssh
    let s = byConfig.get(configFile)
    if (!s) byConfig.set(configFile, (s = new SshService({ dataDir: w.dataDir, env: w.env, configFile })))
    return s
  }
  const etcd = new EtcdService({
    dataDir: w.dataDir,
    operations: w.operations,
    env: w.env,
    sshConfigFile: w.sshConfigFile,
    kubeConfigFor: (ref) => w.kubeconfig.clientFor(ref),
    openSession: (target, o) => sshFor(o.configFile).session(target, w.interaction(o.requester), { context: o.context }),
    hostMapping: async (ref: ContextRef) =>
      new Map<string, SshTarget>((await w.inventory.inventory(ref)).hosts.filter((h) => h.kind === 'node').map((h) => [h.name, h.target]))
  })
  return {
    etcd,
    close: () => {
      for (const s of byConfig.values()) s.close()
    }
  }
}

/** Nobody to ask (work resumed after its window went away): unknown host keys and secrets are declined. */
export const nobodyToAsk: SshInteraction = {
  confirmHostKey: async () => 'reject',
  askSecret: async () => null,
  keyboardInteractive: async () => null
}
