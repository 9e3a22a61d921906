// OpenSSH's rules for the host and user names it is given (ssh.c valid_hostname/valid_ruser,
// also applied to every ProxyJump hop): names that could mean something to a shell are refused
// before anything can expand them into a ProxyCommand (`%h`, `%r`) or a command line. Kubedeck
// takes targets from the API (node names), the UI and the CLI, so it applies them to every
// target, as ssh does to its command line. The real `ssh` is the oracle in the tests.

const HOST_FORBIDDEN = `'\`"$\\;&<>|(){},`
const USER_FORBIDDEN = `'\`";&<>|(){}`
/** C's isspace in the C locale. */
const isSpace = (c: string) => c === ' ' || (c >= '\t' && c <= '\r')
/** C's iscntrl: 0–31 and DEL. */
const isControl = (c: string) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127

/** Why `host` is not a host name ssh would use, or null when it is one. */
export function invalidHostName(host: string): string | null {
  if (host.startsWith('-')) return 'it starts with "-" (ssh would read it as an option)'
  for (const c of host) {
    if (HOST_FORBIDDEN.includes(c)) return `it contains ${JSON.stringify(c)}`
    if (isSpace(c) || isControl(c)) return 'it contains a space or control character'
  }
  return null
}

/** Why `user` is not a remote user name ssh would use, or null when it is one. */
export function invalidUserName(user: string): string | null {
  if (user.startsWith('-')) return 'it starts with "-" (ssh would read it as an option)'
  for (let i = 0; i < user.length; i++) {
    const c = user[i]
    if (isControl(c)) return 'it contains a control character'
    if (USER_FORBIDDEN.includes(c)) return `it contains ${JSON.stringify(c)}`
    if (isSpace(c) && user[i + 1] === '-') return 'a space in it is followed by "-"'
    if (c === '\\' && i === user.length - 1) return 'it ends with "\\"'
  }
  return null
}

/** ssh's messages, so a refusal reads as ssh's would. */
export const HOSTNAME_INVALID = 'hostname contains invalid characters'
export const USERNAME_INVALID = 'remote username contains invalid characters'
