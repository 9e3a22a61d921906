// Command-line flags the way kubectl (spf13/pflag) reads them, so `kubedeck config` accepts what
// people type for `kubectl config`: --flag=value and --flag value, boolean flags with optional
// =true/false, -o name / -oname / -o=name, flags anywhere among the arguments, `--` to stop,
// comma-separated lists for slice flags (with CSV quoting) and repeated flags.

export type FlagType = 'string' | 'bool' | 'stringSlice' | 'stringArray'

export interface FlagSpec {
  name: string
  type: FlagType
  short?: string
  help: string
  /** Shown in usage as the value's placeholder. */
  placeholder?: string
}

export interface ParsedFlags {
  args: string[]
  /** Flags that were given, by name. Booleans as true/false, slices as arrays. */
  values: Map<string, string | boolean | string[]>
}

export class FlagError extends Error {}

/** strconv.ParseBool */
function parseBool(flag: string, v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  throw new FlagError(`invalid argument "${v}" for "--${flag}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`)
}

/** pflag's StringSlice: the value is one CSV record. */
export function readCsv(v: string): string[] {
  if (v === '') return []
  const out: string[] = []
  let field = ''
  let quoted = false
  let atStart = true
  for (let i = 0; i < v.length; i++) {
    const c = v[i]
    if (quoted) {
      if (c === '"' && v[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"' && atStart) {
      quoted = true
      atStart = false
    } else if (c === ',') {
      out.push(field)
      field = ''
      atStart = true
    } else {
      field += c
      atStart = false
    }
  }
  if (quoted) throw new FlagError(`invalid argument "${v}": parse error: extraneous or missing " in quoted-field`)
  out.push(field)
  return out
}

export function parseFlags(argv: string[], specs: FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]))
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]))
  const values = new Map<string, string | boolean | string[]>()
  const args: string[] = []
  const set = (spec: FlagSpec, raw: string | undefined) => {
    if (spec.type === 'bool') {
      values.set(spec.name, raw === undefined ? true : parseBool(spec.name, raw))
      return
    }
    if (raw === undefined) throw new FlagError(`flag needs an argument: --${spec.name}`)
    if (spec.type === 'string') values.set(spec.name, raw)
    else {
      const prev = (values.get(spec.name) as string[] | undefined) ?? []
      values.set(spec.name, [...prev, ...(spec.type === 'stringSlice' ? readCsv(raw) : [raw])])
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      const spec = byName.get(name)
      if (!spec) throw new FlagError(`unknown flag: --${name}`)
      if (eq >= 0) set(spec, a.slice(eq + 1))
      else if (spec.type === 'bool') set(spec, undefined)
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`)
        set(spec, argv[++i])
      }
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      const c = a[1]
      const spec = byShort.get(c)
      if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`)
      let rest = a.slice(2)
      if (rest.startsWith('=')) rest = rest.slice(1)
      if (spec.type === 'bool') set(spec, rest === '' ? undefined : rest)
      else if (a.length > 2) set(spec, rest)
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${c}' in -${c}`)
        set(spec, argv[++i])
      }
      continue
    }
    args.push(a)
  }
  return { args, values }
}

export function flagHelp(specs: FlagSpec[]): string {
  const rows = specs.map((s) => {
    const name = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'bool' ? '' : `=${s.placeholder ?? (s.type === 'string' ? "''" : '[]')}`}`
    return `  ${name}\n      ${s.help}`
  })
  return rows.join('\n')
}
