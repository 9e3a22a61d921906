// `ssh -G`'s output for the options Kubedeck models, in ssh -G's order and spelling.
import type { SshOptions } from './options'

/** `ssh -G`'s lines for the options Kubedeck models, in ssh -G's order. */
export function formatSshG(o: SshOptions): string[] {
  const yn = (b: boolean) => (b ? 'yes' : 'no')
  const lines = [
    `host ${o.hostArg}`,
    `user ${o.user}`,
    `hostname ${o.hostname}`,
    `port ${o.port}`,
    `addressfamily ${o.addressFamily}`,
    `batchmode ${yn(o.batchMode)}`,
    `checkhostip ${yn(o.checkHostIp)}`,
    `compression ${yn(o.compression)}`,
    `hashknownhosts ${yn(o.hashKnownHosts)}`,
    `identitiesonly ${yn(o.identitiesOnly)}`,
    `kbdinteractiveauthentication ${yn(o.kbdInteractiveAuthentication)}`,
    `passwordauthentication ${yn(o.passwordAuthentication)}`,
    `pubkeyauthentication ${o.pubkeyAuthentication}`,
    `requesttty ${o.requestTty}`,
    `stricthostkeychecking ${o.strictHostKeyChecking}`,
    `tcpkeepalive ${yn(o.tcpKeepAlive)}`,
    `connectionattempts ${o.connectionAttempts}`,
    `numberofpasswordprompts ${o.numberOfPasswordPrompts}`,
    `serveralivecountmax ${o.serverAliveCountMax}`,
    `serveraliveinterval ${o.serverAliveInterval}`
  ]
  if (o.hostKeyAlias !== null) lines.push(`hostkeyalias ${o.hostKeyAlias}`)
  if (o.identityAgent !== null) lines.push(`identityagent ${o.identityAgent}`)
  if (o.preferredAuthentications !== null) lines.push(`preferredauthentications ${o.preferredAuthentications}`)
  for (const f of o.identityFiles) lines.push(`identityfile ${f.path}`)
  for (const f of o.certificateFiles) lines.push(`certificatefile ${f.path}`)
  lines.push(`globalknownhostsfile ${o.globalKnownHostsFiles.length ? o.globalKnownHostsFiles.join(' ') : 'none'}`)
  lines.push(`userknownhostsfile ${o.userKnownHostsFiles.length ? o.userKnownHostsFiles.join(' ') : 'none'}`)
  for (const e of o.sendEnv) lines.push(`sendenv ${e}`)
  for (const e of o.setEnv) lines.push(`setenv ${e}`)
  lines.push(`forwardagent ${o.forwardAgent}`)
  lines.push(`connecttimeout ${o.connectTimeout === null ? 'none' : o.connectTimeout}`)
  if (o.proxyJump === null) {
    if (o.proxyCommand !== null) lines.push(`proxycommand ${o.proxyCommand}`)
  } else {
    const j = o.proxyJump
    const numeric = j.host.includes(':') || /^[0-9.]*$/.test(j.host)
    lines.push(
      `proxyjump ${j.extra !== null ? `${j.extra},` : ''}${j.user !== null ? `${j.user}@` : ''}${numeric ? `[${j.host}]` : j.host}${j.port > 0 ? `:${j.port}` : ''}`
    )
  }
  return lines
}
