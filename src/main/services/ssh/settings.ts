// From an SshTarget to the options a connection uses: the ssh config resolved for the target's
// host with the target's overrides applied as ssh's command-line options would be.
import { hostname, userInfo } from 'node:os'
import { AppError } from '../../../shared/errors'
import { HOSTNAME_INVALID, USERNAME_INVALID } from '../../../shared/ssh-names'
import type { ResolvedSshSettings, SshTarget } from '../../../shared/model/ssh'
import { SshConfigError, formatSshG, resolveSshOptions, type ResolveEnvironment, type SshOptions } from './config'
import { t } from '../../../shared/error-messages'

/** Kubedeck's keepalive when the config sets no ServerAliveInterval (ssh's default is off). */
export const DEFAULT_ALIVE_INTERVAL_SEC = 15

export interface SshConfigSource {
  /** Like `ssh -F`: only this file (default: ~/.ssh/config, then /etc/ssh/ssh_config). */
  configFile?: string
  env?: NodeJS.ProcessEnv
}

/**
 * The passwd entry ssh would use. Home is $HOME when set (OpenSSH reads the passwd entry; the
 * two only differ in sandboxes and tests, where $HOME is the one meant).
 */
/**
 * Who ssh is: the passwd entry's home, as OpenSSH takes it for `~`, `%d` and ~/.ssh/config
 * (ssh ignores $HOME). KUBEDECK_SSH_HOME stands in for that home where a test (or a person)
 * needs another one without another user.
 */
export function sshEnvironment(env: NodeJS.ProcessEnv = process.env): ResolveEnvironment {
  const me = userInfo()
  return { home: env.KUBEDECK_SSH_HOME || me.homedir, localUser: me.username, uid: me.uid, thisHost: hostname(), env }
}

export function resolveTarget(target: SshTarget, source: SshConfigSource = {}): SshOptions {
  try {
    return resolveSshOptions(
      {
        destination: target.host,
        user: target.user || undefined,
        port: target.port,
        identityFile: target.identityFile || undefined,
        proxyJump: target.proxyJump || undefined,
        configFile: source.configFile
      },
      sshEnvironment(source.env)
    )
  } catch (e) {
    if (e instanceof SshConfigError && (e.message === HOSTNAME_INVALID || e.message === USERNAME_INVALID)) {
      throw new AppError({
        code: 'ssh.invalid-name',
        message: t`${e.message}: ${JSON.stringify(e.message === HOSTNAME_INVALID ? target.host : target.user)}`,
        host: target.host,
        hint: t`ssh refuses host and user names a shell could read (quotes, $, \`, \\, ;, &, |, <, >, parentheses, braces, a comma or white space in a host, a leading -); Kubedeck refuses them too. Check the name.`
      })
    }
    if (e instanceof SshConfigError) {
      const more = e.problems.length > 1 ? e.problems.map((p) => ({ path: `${p.file}:${p.line}`, message: p.message })) : undefined
      const first = e.problems[0]
      throw new AppError({
        code: 'ssh.config',
        message: first ? t`${first.message.replace(/^.* line \d+: /, '')} (ssh config for ${target.host})` : t`${e.message} (ssh config for ${target.host})`,
        file: e.file,
        line: e.line,
        host: target.host,
        issues: more,
        hint: t`Fix the ssh config line (\`ssh -G ${target.host}\` shows the same problem).`
      })
    }
    throw e
  }
}

/**
 * The keepalive a connection uses: Kubedeck keeps dead links from hanging a terminal even when
 * the config asks for none (ssh -G still shows what the config says).
 */
export function aliveIntervalSec(o: SshOptions): number {
  return o.serverAliveIntervalSet ? o.serverAliveInterval : DEFAULT_ALIVE_INTERVAL_SEC
}

export function toResolvedSettings(o: SshOptions): ResolvedSshSettings {
  const strict = { true: 'yes', false: 'no', ask: 'ask', 'accept-new': 'accept-new' } as const
  const jump = formatSshG(o).find((l) => l.startsWith('proxyjump '))
  return {
    host: o.hostArg,
    hostname: o.hostname,
    user: o.user,
    port: o.port,
    identityFiles: o.identityFiles.map((f) => f.path),
    identitiesOnly: o.identitiesOnly,
    proxyJump: jump ? jump.slice('proxyjump '.length) : null,
    proxyCommand: o.proxyCommand,
    serverAliveInterval: aliveIntervalSec(o),
    serverAliveCountMax: o.serverAliveCountMax,
    connectTimeout: o.connectTimeout,
    strictHostKeyChecking: strict[o.strictHostKeyChecking],
    userKnownHostsFiles: o.userKnownHostsFiles,
    globalKnownHostsFiles: o.globalKnownHostsFiles,
    lines: formatSshG(o),
    warnings: o.warnings
  }
}
