// The composition root: the one place every service is built and wired, for the Electron app,
// `kubedeck serve` and every CLI command. Lazy twice over: the code of a domain is loaded only
// when the caller says it uses it (`uses`; the app uses all), and a service is built on first
// use, so `kubedeck config` loads neither ssh2 nor zod nor client-node and starts as fast as
// kubectl. Nothing here imports electron; the shell passes in what only it can do
// (DesktopBridge, safeStorage). Each default that differs between the app and the CLI is here.
import { resolve } from 'node:path'
import { version } from '../../package.json'
import type { AppInfo } from '../shared/model/app'
import type { ContextRef } from '../shared/model/kubeconfig'
import type { SshTarget } from '../shared/model/ssh'
import type { EventBroadcaster } from './events'
import { PreferencesService, ensurePrivateDataDir, headlessDesktop, resolveDataDir, type DesktopBridge } from './services/app'
import type { CertsService } from './services/certs'
import type { EtcdService } from './services/etcd'
import type { LogsService } from './services/logs'
import type { ClusterService } from './services/cluster'
import type { DoctorService } from './services/doctor'
import { KubeconfigService, KubeconfigStorage, LOCK_TIMEOUT_MS, lockTimeoutFromEnv } from './services/kubeconfig'
import { OperationsService } from './services/operations'
import type { HostInventoryService, SecretCipher, SshInteraction, SshPromptBroker, SshService } from './services/ssh'
import type { TerminalService } from './services/terminals'

export type ServicesMode = 'electron' | 'web' | 'cli'

/** Domains whose code is loaded only when asked for (kubeconfig, preferences and operations always are). */
export type LoadableDomain = 'ssh' | 'terminals' | 'etcd' | 'certs' | 'logs' | 'cluster' | 'doctor'
const ALL_DOMAINS: LoadableDomain[] = ['ssh', 'terminals', 'etcd', 'certs', 'logs', 'cluster', 'doctor']
/** What each domain needs loaded with it. */
const NEEDS: Record<LoadableDomain, LoadableDomain[]> = {
  ssh: [],
  terminals: ['ssh'],
  etcd: ['ssh'],
  certs: ['ssh'],
  logs: ['ssh'],
  cluster: [],
  doctor: ['ssh', 'etcd', 'certs', 'cluster']
}

export interface ServicesOptions {
  mode: ServicesMode
  env?: NodeJS.ProcessEnv
  /** Resolves relative KUBECONFIG entries and the CLI's relative paths. */
  cwd?: string
  dataDir?: string
  /** Every window of the app: kubeconfig changes and operation progress go to all of them. */
  events?: EventBroadcaster
  desktop?: DesktopBridge
  /** Electron's safeStorage, to remember SSH secrets a person asks to keep; absent in web mode and the CLI. */
  secretCipher?: SecretCipher
  /** Who SSH asks when a call brings nobody to ask: the CLI's terminal; by default nobody (like BatchMode). */
  asker?: SshInteraction
  /** `-F FILE`: node hosts are resolved through this ssh config instead of the user's (the CLI's -F). */
  sshConfigFile?: string
  /** The domains this process uses (default: all, as the app does). */
  uses?: LoadableDomain[]
}

export interface Services {
  readonly info: AppInfo
  readonly mode: ServicesMode
  readonly desktop: DesktopBridge
  readonly preferences: PreferencesService
  /** kubectl's config verbs and writes (the CLI's `config`): the storage alone, no watchers. */
  readonly kubeconfigStorage: KubeconfigStorage
  readonly kubeconfig: KubeconfigService
  readonly ssh: SshService
  /** The SshService for an ssh config file (`-F`), one per file; the user's own without one. */
  sshFor(configFile?: string): SshService
  readonly sshPrompts: SshPromptBroker
  readonly hostInventory: HostInventoryService
  readonly terminals: TerminalService
  readonly operations: OperationsService<SshInteraction>
  readonly etcd: EtcdService
  readonly certs: CertsService
  readonly logs: LogsService
  readonly cluster: ClusterService
  readonly doctor: DoctorService
  /** Who to ask when nobody is attached to the work (a resumed operation, a cron backup). */
  readonly defaultAsker: SshInteraction
  close(): Promise<void>
}

/** Builds a value on first use and remembers it; `built` lists what exists, for close(). */
function lazy<T>(built: Map<string, unknown>, name: string, make: () => T): () => T {
  return () => {
    if (!built.has(name)) built.set(name, make())
    return built.get(name) as T
  }
}

async function loadDomains(uses: LoadableDomain[]) {
  const want = new Set(uses.flatMap((d) => [d, ...NEEDS[d]]))
  const [ssh, terminals, etcd, certs, logs, cluster, doctor] = await Promise.all([
    want.has('ssh') ? import('./services/ssh') : undefined,
    want.has('terminals') ? import('./services/terminals') : undefined,
    want.has('etcd') ? import('./services/etcd') : undefined,
    want.has('certs') ? import('./services/certs') : undefined,
    want.has('logs') ? import('./services/logs') : undefined,
    want.has('cluster') ? import('./services/cluster') : undefined,
    want.has('doctor') ? import('./services/doctor') : undefined
  ])
  const need = <T>(m: T | undefined, domain: LoadableDomain): T => {
    if (!m) throw new Error(`The ${domain} domain was not loaded: add '${domain}' to createServices({ uses }).`)
    return m
  }
  return {
    ssh: () => need(ssh, 'ssh'),
    terminals: () => need(terminals, 'terminals'),
    etcd: () => need(etcd, 'etcd'),
    certs: () => need(certs, 'certs'),
    logs: () => need(logs, 'logs'),
    cluster: () => need(cluster, 'cluster'),
    doctor: () => need(doctor, 'doctor')
  }
}

export async function createServices(opts: ServicesOptions): Promise<Services> {
  const m = await loadDomains(opts.uses ?? ALL_DOMAINS)
  const env = opts.env ?? process.env
  const cwd = opts.cwd ?? process.cwd()
  const dataDir = opts.dataDir ?? resolveDataDir(env)
  await ensurePrivateDataDir(dataDir)
  const app = opts.mode !== 'cli'
  const lockTimeoutMs = lockTimeoutFromEnv(env) ?? (app ? LOCK_TIMEOUT_MS.app : LOCK_TIMEOUT_MS.cli)
  const sshConfigFile = opts.sshConfigFile ? resolve(cwd, opts.sshConfigFile) : undefined
  const built = new Map<string, unknown>()
  const byConfig = new Map<string, SshService>()

  const preferences = lazy(built, 'preferences', () => new PreferencesService(dataDir))
  const kubeconfigStorage = lazy(built, 'kubeconfigStorage', () => new KubeconfigStorage({ dataDir, lockTimeoutMs }))
  const kubeconfig = lazy(
    built,
    'kubeconfig',
    () =>
      new KubeconfigService({
        dataDir,
        env,
        cwd,
        lockTimeoutMs,
        // The app follows external edits; a CLI command reads once.
        watch: app,
        events: opts.events ? { changed: (change) => opts.events!.broadcast('kubeconfig.changed', change) } : undefined
      })
  )
  const ssh = lazy(built, 'ssh', () => {
    const { SshService, EncryptedFileVault } = m.ssh()
    return new SshService({ dataDir, env, vault: opts.secretCipher ? new EncryptedFileVault(dataDir, opts.secretCipher) : undefined })
  })
  const sshFor = (configFile?: string): SshService => {
    if (!configFile) return ssh()
    let s = byConfig.get(configFile)
    if (!s) byConfig.set(configFile, (s = new (m.ssh().SshService)({ dataDir, env, configFile })))
    return s
  }
  const sshPrompts = lazy(built, 'sshPrompts', () => new (m.ssh().SshPromptBroker)(ssh().vault))
  const hostInventory = lazy(built, 'hostInventory', () => {
    const { HostInventoryService, kubeNodeSource } = m.ssh()
    return new HostInventoryService(
      dataDir,
      kubeNodeSource((ref) => kubeconfig().clientFor(ref)),
      { env }
    )
  })
  const terminals = lazy(
    built,
    'terminals',
    () =>
      new (m.terminals().TerminalService)({
        kubeConfigFor: (ref) => kubeconfig().clientFor(ref),
        writeMinifiedKubeconfig: m.terminals().minifiedKubeconfigWriter(kubeconfig()),
        connectSsh: (target, asker) => ssh().connect(target, asker),
        env
      })
  )
  const operations = lazy(built, 'operations', () => {
    const ops = new OperationsService<SshInteraction>({ dataDir, broadcast: opts.events ? (p) => opts.events!.broadcast('operations.progress', p) : undefined })
    // Each domain that makes plans, built when one of its plans first runs (a resume in a new process too).
    ops.registerDomain('etcd', () => etcd().operationDomain)
    ops.registerDomain('certs', () => certs().operationDomain)
    ops.registerDomain('cluster', () => m.cluster().clusterOperationDomain({ kubeConfigFor: (ref) => kubeconfig().clientFor(ref) }))
    return ops
  })
  const openSession = (target: SshTarget, o: { configFile?: string; context: string; signal?: AbortSignal; asker?: SshInteraction }) =>
    sshFor(o.configFile).session(target, o.asker ?? opts.asker ?? m.ssh().nobodyToAsk, { context: o.context })
  /** The Nodes page's mapping (a plan with its own -F ignores it). */
  const hostMapping = async (ref: ContextRef) =>
    new Map<string, SshTarget>((await hostInventory().inventory(ref)).hosts.filter((h) => h.kind === 'node').map((h) => [h.name, h.target]))
  const certs = lazy(
    built,
    'certs',
    () =>
      new (m.certs().CertsService)({
        dataDir,
        env,
        operations: operations(),
        sshConfigFile,
        kubeConfigFor: (ref) => kubeconfig().clientFor(ref),
        contextsFor: async (server) => (await kubeconfig().overview()).contexts.filter((c) => c.server === server).map((c) => ({ file: c.file, name: c.name })),
        openSession,
        hostMapping,
        setClientCertificate: (ref, o) => kubeconfig().setClientCertificate(ref, o),
        restoreBefore: (ref, reason) => kubeconfig().restoreBefore(ref, reason)
      })
  )
  const logs = lazy(
    built,
    'logs',
    () =>
      new (m.logs().LogsService)({
        dataDir,
        kubeConfigFor: (ref) => kubeconfig().clientFor(ref),
        // Node logs reach hosts through the -F config when one was given (the CLI), else the user's.
        openSession: (target, o) => openSession(target, { ...o, context: o.context ?? '', configFile: sshConfigFile })
      })
  )
  const cluster = lazy(built, 'cluster', () => new (m.cluster().ClusterService)({ kubeConfigFor: (ref) => kubeconfig().clientFor(ref), operations: operations() }))
  const doctor = lazy(
    built,
    'doctor',
    () =>
      new (m.doctor().DoctorService)({
        dataDir,
        env,
        sshConfigFile,
        kubeConfigFor: (ref) => kubeconfig().clientFor(ref),
        openSession,
        hostMapping,
        certInventory: (ref, o) => certs().inventory(ref, o),
        etcdHealth: async (ref, o) => {
          const topology = await etcd().discover(ref, o)
          return {
            health: await etcd().health(topology, { signal: o.signal }),
            clusterKey: topology.clusterKey,
            consistency: topology.findings,
            quotas: new Map(topology.members.flatMap((m) => (m.settings.quotaBackendBytes ? [[m.settings.name, m.settings.quotaBackendBytes] as [string, number]] : [])))
          }
        },
        latestBackup: async (clusterKey) => (await etcd().listSnapshots(clusterKey)).find((e) => e.verified?.ok)
      })
  )
  const etcd = lazy(
    built,
    'etcd',
    () =>
      new (m.etcd().EtcdService)({
        dataDir,
        env,
        operations: operations(),
        sshConfigFile,
        kubeConfigFor: (ref) => kubeconfig().clientFor(ref),
        openSession,
        hostMapping
      })
  )

  // The app reads clusters sooner or later: load the API client (about a second of module
  // loading) while the window draws, not when the first log, certificate or node view opens.
  if (app) setTimeout(() => void import('./services/kube').then((k) => k.clientNode()).catch(() => undefined), 300).unref()

  return {
    info: { version, transport: opts.mode === 'electron' ? 'electron' : 'web', platform: process.platform, dataDir },
    mode: opts.mode,
    desktop: opts.desktop ?? headlessDesktop,
    get defaultAsker() {
      return opts.asker ?? m.ssh().nobodyToAsk
    },
    get preferences() {
      return preferences()
    },
    get kubeconfigStorage() {
      return kubeconfigStorage()
    },
    get kubeconfig() {
      return kubeconfig()
    },
    get ssh() {
      return ssh()
    },
    sshFor,
    get sshPrompts() {
      return sshPrompts()
    },
    get hostInventory() {
      return hostInventory()
    },
    get terminals() {
      return terminals()
    },
    get operations() {
      return operations()
    },
    get etcd() {
      return etcd()
    },
    get certs() {
      return certs()
    },
    get logs() {
      return logs()
    },
    get cluster() {
      return cluster()
    },
    get doctor() {
      return doctor()
    },
    async close() {
      // Running operations stop first (their journals read as interrupted), then terminals with
      // their SSH connections and private kubeconfigs, then the rest.
      if (built.has('operations')) await operations().close()
      if (built.has('terminals')) await terminals().close()
      if (built.has('logs')) logs().closeAll()
      if (built.has('cluster')) cluster().close()
      if (built.has('kubeconfig')) kubeconfig().close()
      for (const s of byConfig.values()) s.close()
      if (built.has('ssh')) ssh().close()
    }
  }
}
