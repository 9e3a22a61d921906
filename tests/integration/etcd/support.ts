// Shared by the etcd integration tests: the real services (SSH service with the lab's ssh
// config, operations engine, etcd service) over a lab, namespaces as markers of what etcd
// holds, and a way to cut a host's SSH connections the moment a step starts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import type { ContextRef } from '../../../src/shared/model/kubeconfig'
import { EtcdService } from '../../../src/main/services/etcd'
import { OperationsService } from '../../../src/main/services/operations'
import { SshService, type SshInteraction } from '../../../src/main/services/ssh'
import { kubectl, type LabInfo } from '../../lab'

export { killSshConnections, killWhenStepStarts } from '../../kits/ssh-faults'

/**
 * The lab instance the etcd suites (and the etcd e2e) share, one topology after another; each
 * file brings it down at its end so no idle control plane slows the files after it.
 */
export const ETCD_LAB_INSTANCE = process.env.KUBEDECK_ETCD_LAB_INSTANCE ?? 'etcd'

/** Like ssh -o BatchMode=yes: the lab's known_hosts has every key, nothing may be asked. */
export const batch: SshInteraction = {
  confirmHostKey: async () => 'reject',
  askSecret: async () => null,
  keyboardInteractive: async () => null
}

export interface EtcdHarness {
  lab: LabInfo
  dataDir: string
  context: ContextRef
  ssh: SshService
  operations: OperationsService<SshInteraction>
  etcd: EtcdService
  /** A second engine on the same data folder: what a new process after a crash sees. */
  restart(): { operations: OperationsService<SshInteraction>; etcd: EtcdService; close(): Promise<void> }
  close(): Promise<void>
}

export function kubeConfigFor(ref: ContextRef): Promise<KubeConfig> {
  const kc = new KubeConfig()
  kc.loadFromFile(ref.file)
  kc.setCurrentContext(ref.name)
  return Promise.resolve(kc)
}

function services(lab: LabInfo, dataDir: string) {
  const ssh = new SshService({ dataDir, configFile: lab.sshConfig })
  const operations = new OperationsService<SshInteraction>({ dataDir })
  const etcd = new EtcdService({
    dataDir,
    operations,
    openSession: (target, o) => ssh.session(target, batch, { context: o.context }),
    kubeConfigFor,
    sshConfigFile: lab.sshConfig
  })
  operations.registerDomain('etcd', etcd.operationDomain)
  return { ssh, operations, etcd }
}

export function etcdHarness(lab: LabInfo): EtcdHarness {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-etcd-it-'))
  const { ssh, operations, etcd } = services(lab, dataDir)
  const extra: (() => Promise<void>)[] = []
  return {
    lab,
    dataDir,
    context: { file: lab.kubeconfig, name: lab.context },
    ssh,
    operations,
    etcd,
    restart() {
      const s = services(lab, dataDir)
      const close = async () => {
        await s.operations.close()
        s.ssh.close()
      }
      extra.push(close)
      return { operations: s.operations, etcd: s.etcd, close }
    },
    async close() {
      for (const c of extra) await c()
      await operations.close()
      ssh.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export async function namespaces(lab: LabInfo): Promise<string[]> {
  const r = await kubectl(lab, ['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}'], { timeoutMs: 30_000 })
  return r.stdout.trim().split(/\s+/)
}

export async function createNamespace(lab: LabInfo, name: string): Promise<void> {
  await kubectl(lab, ['create', 'namespace', name])
}

/** Deletes the marker namespaces a reused lab may still have from an earlier run (and waits). */
export async function clearNamespaces(lab: LabInfo, names: string[]): Promise<void> {
  await kubectl(lab, ['delete', 'namespace', ...names, '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 120_000 })
}
