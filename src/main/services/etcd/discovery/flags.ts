// What an etcd or kube-apiserver process is configured with, from its argv, its environment
// (etcd reads ETCD_* variables for any flag not given) and an etcd --config-file, with the
// source of every value kept so a problem can name the file and setting to fix.
import { parse as parseYaml } from 'yaml'
import type { EtcdMemberSettings, SettingSource } from '../../../../shared/model/etcd'

/** Go's flag package: `--k=v`, `-k=v`, `--k v`, `--bool` (a boolean flag takes no separate value). */
export function parseFlags(argv: string[], booleans: ReadonlySet<string> = new Set()): Map<string, string> {
  const out = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const m = /^--?([A-Za-z0-9][\w.-]*)(?:=(.*))?$/s.exec(a)
    if (!m) continue
    const key = m[1]
    if (m[2] !== undefined) out.set(key, m[2])
    else if (!booleans.has(key) && i + 1 < argv.length && !argv[i + 1].startsWith('-')) out.set(key, argv[++i])
    else out.set(key, 'true')
  }
  return out
}

const ETCD_BOOLEANS = new Set([
  'client-cert-auth',
  'peer-client-cert-auth',
  'auto-tls',
  'peer-auto-tls',
  'strict-reconfig-check',
  'enable-v2',
  'enable-pprof',
  'force-new-cluster',
  'debug'
])

/** etcd settings Kubedeck reads, with etcd's defaults (as `etcd --help` states them). */
const SETTINGS = {
  name: { flag: 'name', def: 'default' },
  dataDir: { flag: 'data-dir', def: '' },
  listenClientUrls: { flag: 'listen-client-urls', def: 'http://localhost:2379' },
  advertiseClientUrls: { flag: 'advertise-client-urls', def: 'http://localhost:2379' },
  listenPeerUrls: { flag: 'listen-peer-urls', def: 'http://localhost:2380' },
  initialAdvertisePeerUrls: { flag: 'initial-advertise-peer-urls', def: 'http://localhost:2380' },
  initialCluster: { flag: 'initial-cluster', def: '' },
  initialClusterToken: { flag: 'initial-cluster-token', def: 'etcd-cluster' },
  initialClusterState: { flag: 'initial-cluster-state', def: 'new' },
  certFile: { flag: 'cert-file', def: '' },
  keyFile: { flag: 'key-file', def: '' },
  trustedCaFile: { flag: 'trusted-ca-file', def: '' },
  clientCertAuth: { flag: 'client-cert-auth', def: 'false' },
  peerCertFile: { flag: 'peer-cert-file', def: '' },
  peerKeyFile: { flag: 'peer-key-file', def: '' },
  peerTrustedCaFile: { flag: 'peer-trusted-ca-file', def: '' },
  quotaBackendBytes: { flag: 'quota-backend-bytes', def: '0' }
} as const

type Key = keyof typeof SETTINGS

/** Keys of an etcd YAML config file, including the nested *-transport-security blocks. */
function configFileValue(doc: Record<string, unknown>, flag: string): string | undefined {
  const tls = (block: string, key: string) => {
    const b = doc[block] as Record<string, unknown> | undefined
    return b && b[key] !== undefined ? String(b[key]) : undefined
  }
  switch (flag) {
    case 'cert-file':
    case 'key-file':
    case 'trusted-ca-file':
    case 'client-cert-auth':
      return tls('client-transport-security', flag)
    case 'peer-cert-file':
      return tls('peer-transport-security', 'cert-file')
    case 'peer-key-file':
      return tls('peer-transport-security', 'key-file')
    case 'peer-trusted-ca-file':
      return tls('peer-transport-security', 'trusted-ca-file')
    default:
      return doc[flag] === undefined || doc[flag] === null ? undefined : String(doc[flag])
  }
}

export interface EtcdConfigInput {
  argv: string[]
  /** The process environment (EnvironmentFile + Environment= for systemd; pod env for static pods). */
  env: Record<string, string>
  /** Where argv came from, e.g. `/etc/kubernetes/manifests/etcd.yaml` or `etcd.service ExecStart`. */
  argvSource: string
  /** Where each env var came from (file path), for explanations. */
  envSource?: Record<string, string>
  /** Contents of the --config-file / ETCD_CONFIG_FILE, when one is set (read by the caller). */
  configFile?: { path: string; text: string }
  workingDirectory?: string
}

/** The config file etcd would read, if any: it replaces every flag and variable. */
export function etcdConfigFilePath(argv: string[], env: Record<string, string>): string | undefined {
  return parseFlags(argv, ETCD_BOOLEANS).get('config-file') ?? env.ETCD_CONFIG_FILE
}

export function resolveEtcdSettings(input: EtcdConfigInput): EtcdMemberSettings {
  const flags = parseFlags(input.argv, ETCD_BOOLEANS)
  const fileDoc = input.configFile ? ((parseYaml(input.configFile.text) ?? {}) as Record<string, unknown>) : null
  const sources = {} as Record<Key, SettingSource>
  const values = {} as Record<Key, string>
  for (const key of Object.keys(SETTINGS) as Key[]) {
    const { flag, def } = SETTINGS[key]
    const envName = 'ETCD_' + flag.toUpperCase().replace(/-/g, '_')
    let value: string | undefined
    let source: SettingSource
    if (fileDoc) {
      // With a config file, etcd ignores flags and environment entirely.
      value = configFileValue(fileDoc, flag)
      source = { kind: 'config-file', where: input.configFile!.path, setting: flag }
    } else if (flags.has(flag)) {
      value = flags.get(flag)
      source = { kind: 'flag', where: input.argvSource, setting: `--${flag}` }
    } else if (input.env[envName] !== undefined) {
      value = input.env[envName]
      source = { kind: 'env', where: input.envSource?.[envName] ?? 'environment', setting: envName }
    } else {
      source = { kind: 'default', where: 'etcd default', setting: `--${flag}` }
    }
    if (value === undefined) {
      value = def
      if (source.kind !== 'default') source = { kind: 'default', where: 'etcd default', setting: `--${flag}` }
    }
    values[key] = value
    sources[key] = source
  }
  if (!values.dataDir) {
    // etcd's default data dir is "<name>.etcd" in its working directory.
    values.dataDir = joinPosix(input.workingDirectory ?? '/', `${values.name}.etcd`)
  } else if (!values.dataDir.startsWith('/')) {
    values.dataDir = joinPosix(input.workingDirectory ?? '/', values.dataDir)
  }
  if (!values.initialCluster) values.initialCluster = `${values.name}=${urls(values.initialAdvertisePeerUrls)[0] ?? 'http://localhost:2380'}`
  return {
    name: values.name,
    dataDir: values.dataDir,
    listenClientUrls: urls(values.listenClientUrls),
    advertiseClientUrls: urls(values.advertiseClientUrls),
    listenPeerUrls: urls(values.listenPeerUrls),
    initialAdvertisePeerUrls: urls(values.initialAdvertisePeerUrls),
    initialCluster: values.initialCluster,
    initialClusterToken: values.initialClusterToken,
    initialClusterState: values.initialClusterState,
    certFile: values.certFile,
    keyFile: values.keyFile,
    trustedCaFile: values.trustedCaFile,
    clientCertAuth: values.clientCertAuth === 'true',
    peerCertFile: values.peerCertFile,
    peerKeyFile: values.peerKeyFile,
    peerTrustedCaFile: values.peerTrustedCaFile,
    // 0 (etcd's default) means its built-in 2 GiB.
    ...(Number(values.quotaBackendBytes) > 0 ? { quotaBackendBytes: Number(values.quotaBackendBytes) } : {}),
    sources
  }
}

const urls = (s: string) =>
  s
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)

function joinPosix(dir: string, rel: string): string {
  return (dir.endsWith('/') ? dir : dir + '/') + rel.replace(/^\.\//, '')
}

/** `a=https://x:2380,b=https://y:2380` → entries in order (a name may list several URLs). */
export function parseInitialCluster(s: string): { name: string; url: string }[] {
  return s
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const i = e.indexOf('=')
      return i < 0 ? { name: e, url: '' } : { name: e.slice(0, i).trim(), url: e.slice(i + 1).trim() }
    })
}

export function formatInitialCluster(entries: { name: string; url: string }[]): string {
  return entries.map((e) => `${e.name}=${e.url}`).join(',')
}

export interface ApiserverEtcdSettings {
  securePort: number
  etcdServers: string[]
  etcdCafile: string
  etcdCertfile: string
  etcdKeyfile: string
}

export function resolveApiserverSettings(argv: string[]): ApiserverEtcdSettings {
  const flags = parseFlags(argv, new Set(['allow-privileged', 'enable-bootstrap-token-auth', 'anonymous-auth']))
  return {
    securePort: Number(flags.get('secure-port') ?? 6443),
    etcdServers: urls(flags.get('etcd-servers') ?? ''),
    etcdCafile: flags.get('etcd-cafile') ?? '',
    etcdCertfile: flags.get('etcd-certfile') ?? '',
    etcdKeyfile: flags.get('etcd-keyfile') ?? ''
  }
}

/** --secure-port of a control-plane component (kube-controller-manager 10257, kube-scheduler 10259 by default). */
export function securePortOf(argv: string[], fallback: number): number {
  const v = parseFlags(argv).get('secure-port')
  return v && /^\d+$/.test(v) ? Number(v) : fallback
}

/** Host and port of a URL, for matching URLs that name the same endpoint differently. */
export function urlHostPort(u: string): { host: string; port: string; scheme: string } | null {
  try {
    const url = new URL(u)
    const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '')
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port, scheme: url.protocol.replace(':', '') }
  } catch {
    return null
  }
}
