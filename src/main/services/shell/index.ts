// The one builder of shell commands (see command.ts): every command Kubedeck runs on a host or
// on this machine is made here, with every value quoted for its place or refused.
export { ShellCommand, ShellValueError, fromJournal, join, quote, script, sh, typedByUser, type ShellValue } from './command'
export { cronEntry, fileLine } from './cron'
