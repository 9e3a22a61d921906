// OpenSSH on every host: its own ed25519 host key, an sshd_config, sshd run as ssh.service by
// the systemctl stand-in, root reachable with the lab's key; on the password host also a user
// that logs in with a password or keyboard-interactive (PAM) and may sudo with that password. On the machine: the identity,
// known_hosts and an ssh config with a Host entry per host.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './exec'
import { hostRun, hostFile, machinePath, writeHostFile } from './host'
import type { HostPlan, LabPlan } from './plan'

export const PASSWORD_USER = 'labuser'
export const PASSWORD = 'kubedeck-lab-password'

export interface SshMaterial {
  dir: string
  identityFile: string
  knownHosts: string
  config: string
}

export async function makeIdentity(stateDir: string): Promise<SshMaterial> {
  const dir = join(stateDir, 'ssh')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const identityFile = join(dir, 'id_ed25519')
  if (!existsSync(identityFile)) await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kubedeck-lab', '-f', identityFile], { component: 'ssh keys' })
  return { dir, identityFile, knownHosts: join(dir, 'known_hosts'), config: join(dir, 'config') }
}

function sshdConfig(h: HostPlan): string {
  const pw = h.passwordAuth ? 'yes' : 'no'
  return `# sshd of lab host ${h.name} (written by tests/lab)
Port 22
ListenAddress 0.0.0.0
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PubkeyAuthentication yes
AuthorizedKeysFile .ssh/authorized_keys
PasswordAuthentication ${pw}
KbdInteractiveAuthentication ${pw}
UsePAM yes
UseDNS no
PrintMotd no
X11Forwarding no
AllowTcpForwarding yes
AcceptEnv LANG LC_*
# Tests open many sessions at once.
MaxStartups 200:30:400
MaxSessions 100
LogLevel VERBOSE
Subsystem sftp /usr/lib/openssh/sftp-server
`
}

const SSH_UNIT = `[Unit]
Description=OpenBSD Secure Shell server
After=network.target

[Service]
ExecStart=/usr/sbin/sshd -D -e
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=1

[Install]
WantedBy=multi-user.target
Alias=sshd.service
`

/** Host key, sshd config and unit, root's authorized key, the password user; then starts sshd. */
export async function setupHostSsh(lab: { instance: string }, h: HostPlan, publicKey: string, stateDir: string): Promise<void> {
  writeHostFile(lab, h.name, '/etc/ssh/sshd_config', sshdConfig(h))
  writeHostFile(lab, h.name, '/etc/systemd/system/ssh.service', SSH_UNIT)
  writeHostFile(lab, h.name, '/root/.ssh/authorized_keys', publicKey, 0o600)
  // The password user may use the real sudo (when the machine has it), with its password, as
  // an admin's account on a node usually can; root uses sudo without one.
  const sudoers = existsSync('/usr/bin/sudo') ? `echo '${PASSWORD_USER} ALL=(ALL:ALL) ALL' > /etc/sudoers.d/${PASSWORD_USER} && chmod 0440 /etc/sudoers.d/${PASSWORD_USER} && visudo -cq && ` : ''
  const user = h.passwordAuth
    ? `useradd -m -s /bin/bash ${PASSWORD_USER} && echo '${PASSWORD_USER}:${PASSWORD}' | chpasswd && ${sudoers}`
    : ''
  await hostRun(
    lab,
    h.name,
    `set -e; chmod 700 /root/.ssh; rm -f /etc/ssh/ssh_host_*; ` +
      `ssh-keygen -q -t ed25519 -N '' -C root@${h.name} -f /etc/ssh/ssh_host_ed25519_key; ` +
      `mkdir -p /etc/ssh/lab-original && cp -p /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub /etc/ssh/lab-original/; ` +
      `ln -sf ssh.service /etc/systemd/system/sshd.service; ${user}` +
      `/usr/sbin/sshd -t && systemctl enable --now ssh >/dev/null; ` +
      `for i in $(seq 100); do ss -Hltn 'sport = :22' | grep -q . && exit 0; sleep 0.05; done; journalctl -u ssh -n 5 -o cat >&2; exit 1`,
    { what: `setting up sshd on ${h.name}`, logPath: sshdLog(stateDir, h.name) }
  )
}

/** The machine path of a host's sshd log (the journal file of its ssh.service). */
export function sshdLog(stateDir: string, host: string): string {
  return machinePath(stateDir, host, '/var/log/journal-standin/ssh.service.log')
}

export function hostPublicKey(lab: { instance: string }, host: string): string {
  return readFileSync(hostFile(lab, host, '/etc/ssh/ssh_host_ed25519_key.pub'), 'utf8').trim()
}

export async function fingerprint(publicKeyLine: string): Promise<string> {
  const r = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: `${publicKeyLine}\n`, component: 'ssh keys' })
  return r.stdout.split(' ')[1]
}

/** known_hosts (name and address per host) and the ssh config the lab's `env` exports. */
export function writeClientFiles(plan: LabPlan, ssh: SshMaterial, hosts: { plan: HostPlan; publicKey: string }[]): void {
  const known = hosts.map(({ plan: h, publicKey }) => {
    const [type, key] = publicKey.split(' ')
    return `${h.name},${h.address}${h.innerAddress ? `,${h.innerAddress}` : ''} ${type} ${key}`
  })
  writeFileSync(ssh.knownHosts, `${known.join('\n')}\n`, { mode: 0o600 })
  const entry = (h: HostPlan, jump: boolean) =>
    [
      `Host ${h.name}`,
      `  HostName ${h.address}`,
      `  User root`,
      `  Port 22`,
      `  IdentityFile ${ssh.identityFile}`,
      `  IdentitiesOnly yes`,
      `  UserKnownHostsFile ${ssh.knownHosts}`,
      `  StrictHostKeyChecking yes`,
      ...(jump ? ['  ProxyJump bastion'] : [])
    ].join('\n')
  const entries = [...(plan.bastionHost ? [entry(plan.bastionHost, false)] : []), ...plan.hosts.map((h) => entry(h, !!plan.bastionHost))]
  writeFileSync(ssh.config, `# Kubedeck lab "${plan.instance}" (${plan.topology}${plan.bastion ? ', bastion' : ''}): ssh -F ${ssh.config} node-1\n\n${entries.join('\n\n')}\n`, { mode: 0o600 })
}

