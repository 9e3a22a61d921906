// The one way Kubedeck builds a command for /bin/sh, on a host or on this machine: a tagged
// template whose literal parts are ours and whose every interpolated value is quoted.
//
//   sh`mv ${from} ${to}`                 → mv '/var/lib/etcd' '/var/lib/etcd.aside'
//   sh`etcdutl snapshot restore ${file} --name=${name}`
//   script(sh`set -eu`, sh`mkdir -p ${dir}`)   → one line each
//
// A value is quoted for the place it lands in. Where quoting cannot make it safe, building the
// command throws before anything runs: a value inside "…" or '…' of the template (the quotes
// would not protect it), after a `$` (bash's $'…'), in a here-document (a newline could end it),
// in a comment (a newline would end it), and NUL anywhere (no argv can carry it). The template
// itself is checked as it is read, so a command written the wrong way fails its first test,
// whatever the values. A value that is itself a ShellCommand is inserted as it is: it was built
// here. Plain strings never become commands: the runners take only ShellCommand.
const minted = Symbol('kubedeck.shell-command')

export class ShellCommand {
  /** Only this module makes commands: every other way in is a named, audited door below. */
  constructor(
    token: typeof minted,
    readonly text: string
  ) {
    if (token !== minted) throw new TypeError('ShellCommand is built with sh`…`, never by hand.')
  }

  toString(): string {
    return this.text
  }

  toJSON(): string {
    return this.text
  }
}

/** A value that cannot be put safely where the command wants it: refused before anything runs. */
export class ShellValueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShellValueError'
  }
}

export type ShellValue = string | number | ShellCommand | readonly (string | number | ShellCommand)[]

/** POSIX single-quoting; words made only of safe characters stay as they are, for reading. */
export function quote(value: string): string {
  if (value.includes('\0')) throw new ShellValueError(`A value holds a NUL byte, which no command line can carry: ${JSON.stringify(value.slice(0, 80))}.`)
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

function render(value: ShellValue, where: string): string {
  if (value instanceof ShellCommand) return value.text
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ShellValueError(`${where}: ${value} is not a number a command can take.`)
    return String(value)
  }
  if (Array.isArray(value)) return value.map((v) => render(v, where)).join(' ')
  return quote(value as string)
}

type Frame = { kind: 'code'; depth: number } | { kind: 'double' }

/** Where the template stands after a literal part: what kind of place the next value lands in. */
class TemplateReader {
  private single = false
  private comment = false
  private escaped = false
  private heredoc = false
  /** Nested places: `$(` … `)` (code) and "…" (double quotes), innermost last. */
  private readonly frames: Frame[] = [{ kind: 'code', depth: 0 }]
  private previous = '\n'

  read(literal: string): void {
    for (let i = 0; i < literal.length; i++) {
      const c = literal[i]
      const next = literal[i + 1]
      const frame = this.frames[this.frames.length - 1]
      if (this.escaped) {
        this.escaped = false
      } else if (this.comment) {
        if (c === '\n') this.comment = false
      } else if (this.single) {
        if (c === "'") this.single = false
      } else if (c === '\\') {
        this.escaped = true
      } else if (c === '`') {
        throw new ShellValueError('Backquotes are not used in Kubedeck commands: write $(…).')
      } else if (frame.kind === 'double') {
        if (c === '"') this.frames.pop()
        else if (c === '$' && next === '(') {
          this.frames.push({ kind: 'code', depth: 1 })
          i++
        }
      } else {
        if (c === "'") this.single = true
        else if (c === '"') this.frames.push({ kind: 'double' })
        else if (c === '#' && /[\s;&|(]/.test(this.previous)) this.comment = true
        else if (c === '<' && next === '<') this.heredoc = true
        else if (c === '$' && next === '(') {
          this.frames.push({ kind: 'code', depth: 1 })
          i++
        } else if (c === '(') frame.depth++
        else if (c === ')') {
          frame.depth--
          if (frame.depth === 0 && this.frames.length > 1) this.frames.pop()
        }
      }
      this.previous = c
    }
  }

  /** Throws unless a value may be quoted where the template now stands. */
  checkValue(value: ShellValue, template: string): void {
    const where = `In \`${template.length > 120 ? template.slice(0, 120) + '…' : template}\``
    if (value instanceof ShellCommand && !this.single && !this.comment && !this.heredoc && this.frames[this.frames.length - 1].kind === 'code') return
    if (this.heredoc) throw new ShellValueError(`${where}: a value in a here-document could end it; upload the content (SFTP) or write it with printf '%s\\n' arguments.`)
    if (this.single || this.frames[this.frames.length - 1].kind === 'double') throw new ShellValueError(`${where}: a value inside quotes of the template is not protected by them; put it outside the quotes.`)
    if (this.escaped || this.previous === '$') throw new ShellValueError(`${where}: a value right after \\ or $ would be read with it.`)
    if (this.comment) {
      const text = render(value, where)
      if (/[\n\r]/.test(text)) throw new ShellValueError(`${where}: a value with a line break cannot go in a comment (the rest of it would run).`)
    }
  }
}

/** The tagged template: literal parts are ours, values are quoted (see the file's header). */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): ShellCommand {
  const reader = new TemplateReader()
  const template = strings.join('${…}')
  let out = ''
  strings.forEach((literal, i) => {
    reader.read(literal)
    out += literal
    if (i < values.length) {
      reader.checkValue(values[i], template)
      out += render(values[i], `In \`${template}\``)
    }
  })
  return new ShellCommand(minted, out)
}

/** Lines of a script, one command each (falsy entries are left out, for optional lines). */
export function script(...lines: (ShellCommand | false | null | undefined)[]): ShellCommand {
  return new ShellCommand(
    minted,
    lines
      .filter((l): l is ShellCommand => l instanceof ShellCommand)
      .map((l) => l.text)
      .join('\n')
  )
}

/** Commands joined with a separator (`&&`, `||`, `;`, `|`): the separators are the only text added. */
export function join(separator: '&&' | '||' | ';' | '|', ...commands: ShellCommand[]): ShellCommand {
  return new ShellCommand(minted, commands.map((c) => c.text).join(` ${separator} `))
}

/**
 * What a person typed as a command to run as it is (`kubedeck ssh run HOST -- COMMAND`): it is
 * theirs, like a line typed into ssh, so it is not quoted. The only other door in.
 */
export function typedByUser(command: string): ShellCommand {
  if (command.includes('\0')) throw new ShellValueError('The command holds a NUL byte.')
  return new ShellCommand(minted, command)
}

/**
 * A command read back from an operation's journal: it was built with sh`…` when the plan was
 * made and journaled as text, so it runs as it was shown and confirmed.
 */
export function fromJournal(command: string): ShellCommand {
  return new ShellCommand(minted, command)
}
