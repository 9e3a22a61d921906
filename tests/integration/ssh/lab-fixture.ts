// The lab the SSH tests share: kubeadm-1 with a bastion (the node hosts sit behind it, so
// ProxyJump is needed to reach them from the machine), in its own instance. Plus per-test
// helpers: a temp data folder for the SSH service and client configs for the lab's hosts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireLab, type LabHost, type LabInfo } from '../../lab'

export const LAB_INSTANCE = process.env.KUBEDECK_SSH_LAB_INSTANCE ?? 'ssh'

export function sshLab(): Promise<LabInfo> {
  return requireLab('kubeadm-1', { instance: LAB_INSTANCE, bastion: true })
}

export interface Scratch {
  dir: string
  /** A data folder for one SshService (audit log, history). */
  dataDir: string
  file(name: string, content: string, mode?: number): string
  cleanup(): void
}

export function scratch(prefix = 'kubedeck-ssh-test-'): Scratch {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const dataDir = join(dir, 'data')
  return {
    dir,
    dataDir,
    file(name, content, mode = 0o600) {
      const p = join(dir, name)
      writeFileSync(p, content, { mode })
      return p
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** An ssh config block for a lab host, by address (so the lab's own config is not involved). */
export function hostBlock(alias: string, host: LabHost, lines: string[] = []): string {
  return [`Host ${alias}`, `  HostName ${host.address}`, ...lines.map((l) => `  ${l}`), ''].join('\n')
}

/** The bastion block every config for node hosts needs (they are behind it). */
export function bastionBlock(lab: LabInfo, lines: string[] = []): string {
  return hostBlock('lab-bastion', lab.bastion!, ['User root', `IdentityFile ${lab.identityFile}`, `UserKnownHostsFile ${lab.knownHosts}`, 'StrictHostKeyChecking yes', ...lines])
}

/** labuser on the lab's password host, through the bastion, logging in with its password only. */
export function passwordHostBlock(lab: LabInfo, alias: string, lines: string[] = []): string {
  return hostBlock(alias, lab.hosts.find((h) => h.name === lab.passwordHost.host)!, [
    `User ${lab.passwordHost.user}`,
    'IdentityAgent none',
    'IdentityFile /nonexistent',
    `UserKnownHostsFile ${lab.knownHosts}`,
    'StrictHostKeyChecking yes',
    'ProxyJump lab-bastion',
    'PreferredAuthentications password',
    ...lines
  ])
}
