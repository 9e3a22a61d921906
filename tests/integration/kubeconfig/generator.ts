// Seeded generator of kubeconfig setups for the differential test: several files (some
// missing) in a KUBECONFIG list or behind --kubeconfig, names that overlap between files,
// current-context set in several files, relative and absolute file references (with and
// without "../"), comments, unknown fields, flow-style entries, JSON files, kubectl-style and
// hand-written layouts, names that need quoting; and a few `kubectl config` commands to run.
// Written independently of the code under test (plain string building, JSON quoting).

export class Rng {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0
  }
  next(): number {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) >>> 0
    let t = this.s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  /** Up to `max` distinct picks. */
  some<T>(xs: readonly T[], max: number): T[] {
    const n = this.int(max + 1)
    const out: T[] = []
    for (let i = 0; i < n; i++) out.push(this.pick(xs))
    return [...new Set(out)]
  }
}

export interface GeneratedCase {
  seed: number
  /** Files to create, relative to the case root. */
  files: Record<string, string>
  /** KUBECONFIG value (paths relative to the root or absolute); undefined: ~/.kube/config. */
  kubeconfigEnv?: string
  /** Commands, each the argv after `config`. */
  commands: string[][]
}

const SAFE_NAMES = ['dev', 'prod', 'staging', 'shared', 'kind-kind', 'admin@prod', 'ops', 'eu-west-1']
const QUOTED_NAMES = ['yes', 'on', '1.5', 'a b', 'ctx: x', 'ünïcode', '0777', 'n']
const NAMESPACES = ['', 'default', 'kube-system', 'team-a', 'yes', 'x y', 'a namespace name far longer than anyone would use, so that YAML printers fold it at eighty columns']
const RESERVED = ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false', 'null']

/** Plain when obviously safe, else JSON (valid YAML double-quoted). */
function scalar(s: string): string {
  return /^[a-z][a-z0-9.@/:-]*$/.test(s) && !/: /.test(s) && !RESERVED.includes(s) ? s : JSON.stringify(s)
}

type Value = string | boolean | Value[] | { [k: string]: Value }

/** Block YAML for `value` under a key at column `col` (returned text starts after "key:"). */
function block(value: Value, col: number, seqPad: number): string {
  if (typeof value === 'boolean') return ` ${value}`
  if (typeof value === 'string') return ` ${scalar(value)}`
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []'
    const dash = ' '.repeat(col + seqPad)
    return value
      .map((item) => {
        if (typeof item === 'object' && !Array.isArray(item)) {
          const inner = Object.entries(item).map(([k, v]) => `${k}:${block(v, col + seqPad + 2, seqPad)}`)
          return `\n${dash}- ${inner.join(`\n${dash}  `)}`
        }
        return `\n${dash}-${block(item, col + seqPad + 2, seqPad)}`
      })
      .join('')
  }
  const entries = Object.entries(value)
  if (entries.length === 0) return ' {}'
  const pad = ' '.repeat(col + 2)
  return entries.map(([k, v]) => `\n${pad}${k}:${block(v, col + 2, seqPad)}`).join('')
}

interface Entry {
  name: string
  fields: { [k: string]: Value }
  unknown: boolean
}

interface FileSpec {
  path: string
  clusters: Entry[]
  users: Entry[]
  contexts: Entry[]
  current?: string
  style: 'kubectl' | 'hand' | 'flow-entries' | 'json' | 'crlf' | 'empty'
  comments: boolean
  unknownTop: boolean
  /** preferences: {colors: true} and extensions (top level and in an entry). */
  extras: boolean
}

const SECTIONS = [
  ['clusters', 'cluster'],
  ['users', 'user'],
  ['contexts', 'context']
] as const

function renderFile(f: FileSpec, rng: Rng): string {
  if (f.style === 'empty') return rng.pick(['', '# nothing here yet\n', '\n\n', '---\n# only a marker\n'])
  if (f.style === 'crlf') return renderFile({ ...f, style: 'hand' }, rng).replace(/\n/g, '\r\n')
  if (f.style === 'json') {
    const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'Config' }
    for (const [key, inner] of SECTIONS) obj[key] = f[key].map((e) => ({ name: e.name, [inner]: e.fields }))
    if (f.current !== undefined) obj['current-context'] = f.current
    return JSON.stringify(obj, null, 2) + '\n'
  }
  const seqPad = f.style === 'kubectl' ? 0 : 2
  const lines: string[] = []
  if (f.comments) lines.push('# generated for the differential test', '# (comments must survive Kubedeck edits)')
  lines.push('apiVersion: v1', 'kind: Config')
  if (f.unknownTop) lines.push('x-kubedeck-test: keep-me')
  for (const [key, inner] of SECTIONS) {
    const entries = f[key]
    if (entries.length === 0) {
      if (rng.chance(0.5)) lines.push(`${key}:${rng.pick([' []', ' null', ''])}`)
      continue
    }
    lines.push(`${key}:`)
    const dash = ' '.repeat(seqPad)
    for (const e of entries) {
      if (f.comments && rng.chance(0.3)) lines.push(`${dash}# ${inner} ${e.name}`)
      const fields = { ...e.fields }
      if (e.unknown) fields['x-extra'] = 'kept'
      if (f.extras && rng.chance(0.3)) fields.extensions = [{ name: 'kubedeck.io/test', extension: { note: 'an extension', count: '3', nested: { on: 'yes', list: ['a', 'b'] } } }]
      const flat = Object.values(fields).every((v) => typeof v === 'string' || typeof v === 'boolean')
      let body: string
      if (f.style === 'flow-entries' && flat && rng.chance(0.6)) {
        body = `${inner}: {${Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === 'string' ? scalar(v) : v}`).join(', ')}}`
      } else {
        body = `${inner}:${block(fields, seqPad + 2, seqPad)}`
        if (f.comments && rng.chance(0.2)) body = body.replace(/\n(\s+)(server|token|namespace): ([^\n]*)/, '\n$1$2: $3 # note')
      }
      const name = `name: ${scalar(e.name)}`
      const item = f.style === 'kubectl' ? `${body}\n${dash}  ${name}` : `${name}\n${dash}  ${body}`
      lines.push(`${dash}- ${item}`)
    }
  }
  if (f.current !== undefined) lines.push(`current-context: ${f.current === '' ? '""' : scalar(f.current)}`)
  if (f.extras) lines.push('preferences:', '  colors: true', 'extensions:', '- name: top-level', '  extension:', '    enabled: true', '    level: 2')
  if (f.comments) lines.push('# end')
  return lines.join('\n') + '\n'
}

function clusterFields(rng: Rng, root: string, pki: TestPki): Entry['fields'] {
  const f: Entry['fields'] = { server: `https://127.0.0.1:${1 + rng.int(9)}` }
  switch (rng.int(4)) {
    case 0:
      f['certificate-authority'] = rng.pick(['ca.pem', './ca.pem', '../certs/ca.crt', `${root}/certs/ca.crt`, `${root}/k/ca.pem`, 'missing-ca.crt'])
      break
    case 1:
      f['certificate-authority-data'] = Buffer.from(pki.cert).toString('base64')
      break
    case 2:
      f['insecure-skip-tls-verify'] = true
      break
  }
  if (rng.chance(0.2)) f['tls-server-name'] = 'kubernetes'
  if (rng.chance(0.1)) f['proxy-url'] = 'http://127.0.0.1:3128'
  return f
}

function userFields(rng: Rng, root: string, pki: TestPki): Entry['fields'] {
  switch (rng.int(6)) {
    case 0:
      return { token: `token-${rng.int(1000)}` }
    case 1:
      return { 'client-certificate': rng.pick(['../certs/client.crt', 'user.crt', `${root}/certs/client.crt`]), 'client-key': rng.pick(['../certs/client.key', `${root}/certs/client.key`]) }
    case 2:
      return { 'client-certificate-data': Buffer.from(pki.cert).toString('base64'), 'client-key-data': Buffer.from(pki.key).toString('base64') }
    case 3:
      return { username: 'admin', password: 'p@ss: word' }
    case 4:
      return {
        exec: {
          apiVersion: rng.pick(['client.authentication.k8s.io/v1beta1', 'client.authentication.k8s.io/v1']),
          command: rng.pick(['kubedeck-no-such-plugin', './bin/no-such-plugin']),
          args: rng.chance(0.5) ? ['get-token', '--cluster', 'x y'] : [],
          env: rng.chance(0.5) ? [{ name: 'PLUGIN_MODE', value: 'test' }] : [],
          ...(rng.chance(0.3) ? { interactiveMode: 'Never' } : {})
        }
      }
    default:
      return { 'auth-provider': { name: 'oidc', config: { 'client-id': 'kubedeck', 'idp-issuer-url': 'https://issuer.example' } } }
  }
}

/** A real certificate and key (PEM), so nothing trips over junk certificate files. */
export interface TestPki {
  cert: string
  key: string
}

export function generateCase(seed: number, root: string, pki: TestPki): GeneratedCase {
  const rng = new Rng(seed)
  const pool = [...SAFE_NAMES, ...QUOTED_NAMES]
  const nFiles = 1 + rng.int(3)
  const files: Record<string, string> = {
    'certs/ca.crt': pki.cert,
    'certs/client.crt': pki.cert,
    'certs/client.key': pki.key,
    'k/ca.pem': pki.cert,
    'k/sub/user.crt': pki.cert
  }
  const fileNames = rng.pick([
    ['k/one.yaml', 'k/sub/two', 'other/three.conf'],
    ['home/.kube/config', 'k/one.yaml', 'other/three.conf'],
    ['k/sub/two', 'k/one.yaml', 'home/.kube/config']
  ])
  const all = { contexts: new Set<string>(), clusters: new Set<string>(), users: new Set<string>() }
  const paths: string[] = []
  for (let i = 0; i < nFiles; i++) {
    const path = fileNames[i]
    const style = rng.pick(['kubectl', 'kubectl', 'hand', 'hand', 'flow-entries', 'json', 'crlf', rng.chance(0.5) ? 'empty' : 'kubectl'] as const)
    const clusterNames = rng.some(pool, 3)
    const userNames = rng.some(pool, 3)
    const contextNames = rng.some(pool, 4)
    const spec: FileSpec = {
      path,
      clusters: clusterNames.map((name) => ({ name, fields: clusterFields(rng, root, pki), unknown: rng.chance(0.2) })),
      users: userNames.map((name) => ({ name, fields: userFields(rng, root, pki), unknown: rng.chance(0.2) })),
      contexts: contextNames.map((name) => {
        const fields: Entry['fields'] = {
          cluster: rng.chance(0.85) && clusterNames.length ? rng.pick(clusterNames) : rng.pick(pool),
          user: rng.chance(0.85) && userNames.length ? rng.pick(userNames) : rng.pick(pool)
        }
        const ns = rng.pick(NAMESPACES)
        if (ns) fields.namespace = ns
        return { name, fields, unknown: rng.chance(0.2) }
      }),
      current: rng.chance(0.6) ? (rng.chance(0.8) && contextNames.length ? rng.pick(contextNames) : rng.pick(pool)) : rng.chance(0.3) ? '' : undefined,
      style,
      comments: style !== 'json' && rng.chance(0.7),
      unknownTop: style !== 'json' && rng.chance(0.3),
      extras: style !== 'json' && rng.chance(0.15)
    }
    files[path] = renderFile(spec, rng)
    paths.push(path)
    clusterNames.forEach((n) => all.clusters.add(n))
    userNames.forEach((n) => all.users.add(n))
    contextNames.forEach((n) => all.contexts.add(n))
  }
  const names = { contexts: [...all.contexts], clusters: [...all.clusters], users: [...all.users] }
  const commands = generateCommands(rng, names, paths, root)
  let kubeconfigEnv: string | undefined
  if (!(paths.includes('home/.kube/config') && rng.chance(0.25))) {
    const list = paths.filter(() => rng.chance(0.9))
    if (list.length === 0) list.push(paths[0])
    if (rng.chance(0.4)) list.splice(rng.int(list.length + 1), 0, rng.pick(['k/missing.yaml', 'nodir/config', 'other/also-missing']))
    // A file listed twice: kubectl 1.32 then fails every write on its own lock (see the lock
    // test); reading dedupes, so duplicates only go with read-only commands.
    if (rng.chance(0.15) && commands.every((c) => ['get-contexts', 'current-context', 'view'].includes(c[0]))) list.push(list[0])
    kubeconfigEnv = list.map((p) => (rng.chance(0.3) ? `${root}/${p}` : rng.chance(0.2) ? `./${p}` : p)).join(':')
  }
  return { seed, files, kubeconfigEnv, commands }
}

function generateCommands(rng: Rng, names: { contexts: string[]; clusters: string[]; users: string[] }, files: string[], root: string): string[][] {
  const ctx = () => (rng.chance(0.85) && names.contexts.length ? rng.pick(names.contexts) : rng.pick(['nope', 'Prod', 'dev2']))
  const cl = () => (rng.chance(0.8) && names.clusters.length ? rng.pick(names.clusters) : rng.pick(['new-cluster', 'yes']))
  const us = () => (rng.chance(0.8) && names.users.length ? rng.pick(names.users) : rng.pick(['new-user', 'on']))
  const out: string[][] = []
  for (let i = 1 + rng.int(3); i > 0; i--) {
    let cmd: string[]
    switch (rng.int(15)) {
      case 0:
        cmd = ['get-contexts', ...rng.some(names.contexts.concat(['nope']), 2), ...(rng.chance(0.3) ? ['-o', 'name'] : []), ...(rng.chance(0.2) ? ['--no-headers'] : [])]
        break
      case 1:
        cmd = ['current-context']
        break
      case 2:
      case 3:
        cmd = ['use-context', ctx()]
        break
      case 4: {
        const flags: string[] = []
        if (rng.chance(0.6)) flags.push(`--namespace=${rng.pick(NAMESPACES)}`)
        if (rng.chance(0.3)) flags.push(`--cluster=${cl()}`)
        if (rng.chance(0.3)) flags.push(`--user=${us()}`)
        cmd = rng.chance(0.3) ? ['set-context', '--current', ...flags] : ['set-context', rng.chance(0.8) ? ctx() : 'brand-new', ...flags]
        break
      }
      case 5:
        cmd = ['rename-context', ctx(), rng.chance(0.7) ? rng.pick(['renamed', 'yes', 'a b 2', 'prod-2']) : ctx()]
        break
      case 6:
        cmd = ['delete-context', ctx()]
        break
      case 7:
        cmd = rng.chance(0.5) ? ['delete-cluster', cl()] : ['delete-user', us()]
        break
      case 8: {
        const flags: string[] = []
        if (rng.chance(0.6)) flags.push(`--server=https://127.0.0.1:${1 + rng.int(9)}`)
        const ca = rng.int(5)
        if (ca === 0) flags.push(`--certificate-authority=${rng.pick(['certs/ca.crt', `${root}/k/ca.pem`, `${root}/k/sub/../ca.pem`, 'k/sub/user.crt'])}`)
        else if (ca === 1) flags.push('--embed-certs', '--certificate-authority=certs/ca.crt')
        else if (ca === 2) flags.push('--insecure-skip-tls-verify')
        else if (ca === 3) flags.push('--insecure-skip-tls-verify=false')
        if (rng.chance(0.2)) flags.push('--tls-server-name=api.example')
        if (rng.chance(0.1)) flags.push('--proxy-url=socks5://127.0.0.1:1080')
        cmd = ['set-cluster', cl(), ...flags]
        break
      }
      case 9: {
        const flags: string[] = []
        switch (rng.int(7)) {
          case 0:
            flags.push(`--token=tok-${rng.int(100)}`)
            break
          case 1:
            flags.push('--username=bob', '--password=s3cret')
            break
          case 2:
            flags.push(`--client-certificate=${rng.pick(['certs/client.crt', `${root}/k/sub/user.crt`])}`, '--client-key=certs/client.key')
            break
          case 3:
            flags.push('--embed-certs', '--client-certificate=certs/client.crt', '--client-key=certs/client.key')
            break
          case 4:
            flags.push('--exec-command=kubedeck-no-such-plugin', `--exec-arg=${rng.pick(['a,b', 'token', '--flag=x y'])}`, '--exec-api-version=client.authentication.k8s.io/v1beta1', `--exec-env=K${rng.int(3)}=v`)
            break
          case 5:
            flags.push(`--exec-env=PLUGIN_MODE${rng.pick(['-', '=prod'])}`, '--exec-interactive-mode=Never')
            break
          default:
            flags.push('--auth-provider=oidc', '--auth-provider-arg=client-id=kubedeck', '--auth-provider-arg=idp-issuer-url-')
        }
        cmd = ['set-credentials', us(), ...flags]
        break
      }
      case 10:
        cmd = ['view', ...rng.some(['--raw', '-o=json', '--minify'], 2)]
        break
      case 11:
        cmd = ['view', '--minify', rng.chance(0.5) ? '--flatten' : '--raw', ...(rng.chance(0.5) ? [`--context=${ctx()}`] : [])]
        break
      case 12:
        cmd = ['view', '-o', 'json', '--minify', '--context', ctx()]
        break
      case 13:
        cmd = ['use-context', ctx()]
        break
      default:
        cmd = ['set-context', ctx(), `--namespace=${rng.pick(NAMESPACES)}`]
    }
    if (rng.chance(0.15)) cmd.push(...(rng.chance(0.5) ? [`--kubeconfig=${rng.pick(files.concat(['k/new-file.yaml']))}`] : ['--kubeconfig', rng.pick(files.concat(['k/new-file.yaml']))]))
    out.push(cmd)
  }
  return out
}
