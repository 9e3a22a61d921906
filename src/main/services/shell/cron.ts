// Lines of files a command writes on a host (an /etc/cron.d entry), checked for the place they
// go: a line break would start another line (another cron job), and in a crontab's command `%`
// means a line break unless escaped.
import { ShellValueError, type ShellCommand } from './command'

const CRON_FIELD = /^[0-9A-Za-z*/,-]+$/
const CRON_USER = /^[a-z_][a-z0-9_-]*$/

/** One line of a file: refused when it holds a line break. */
export function fileLine(line: string, what: string): string {
  if (/[\n\r\0]/.test(line)) throw new ShellValueError(`${what} holds a line break, which would start another line of the file: ${JSON.stringify(line.slice(0, 120))}.`)
  return line
}

/** `MIN HOUR DOM MON DOW USER COMMAND` for /etc/cron.d, with the command's `%` escaped. */
export function cronEntry(schedule: string, user: string, command: ShellCommand): string {
  const fields = schedule.trim().split(/\s+/)
  if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw new ShellValueError(`"${schedule}" is not a cron schedule: five fields (minute hour day month weekday) of digits, names, *, /, - and ,.`)
  }
  if (!CRON_USER.test(user)) throw new ShellValueError(`"${user}" is not a user name cron can run a job as.`)
  return fileLine(`${fields.join(' ')} ${user} ${command.text.replace(/%/g, '\\%')}`, 'The cron job')
}
