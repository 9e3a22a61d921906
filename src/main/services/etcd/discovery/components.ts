// From files read on a host to the topology's pieces: an etcd member or a kube-apiserver
// described by a static pod manifest or by a systemd unit with its environment files.
import type { ApiserverInstance, ComponentSource, ControlPlaneComponent, EtcdMember } from '../../../../shared/model/etcd'
import { resolveApiserverSettings, resolveEtcdSettings, securePortOf } from './flags'
import { etcdVersionFromImage, hostPathOf, type StaticPod } from './manifest'
import { execStartArgv, parseEnvironmentFile, type ParsedUnit } from './systemd'

export function etcdMemberFromStaticPod(host: string, pod: StaticPod, manifestsDir: string, configFile?: { path: string; text: string }): EtcdMember {
  const settings = resolveEtcdSettings({ argv: pod.argv.slice(1), env: pod.env, argvSource: pod.file, configFile })
  return {
    host,
    source: { kind: 'static-pod', manifest: pod.file, manifestsDir, image: pod.image },
    settings,
    hostDataDir: hostPathOf(pod, settings.dataDir),
    hostTls: { ca: hostPathOf(pod, settings.trustedCaFile), cert: hostPathOf(pod, settings.certFile), key: hostPathOf(pod, settings.keyFile) },
    version: etcdVersionFromImage(pod.image)
  }
}

export interface UnitEnvironment {
  /** EnvironmentFile contents by path (missing optional files absent). */
  files: Record<string, string>
}

/**
 * The environment systemd gives the process: Environment= first, then the EnvironmentFiles in
 * order — systemd documents that settings from EnvironmentFile= override Environment=.
 */
export function unitEnvironment(unit: ParsedUnit, env: UnitEnvironment): { env: Record<string, string>; sources: Record<string, string> } {
  const out: Record<string, string> = {}
  const sources: Record<string, string> = {}
  for (const [k, v] of Object.entries(unit.environment)) {
    out[k] = v
    sources[k] = `${unit.files[0]} (Environment=)`
  }
  for (const f of unit.environmentFiles) {
    const text = env.files[f.path]
    if (text === undefined) continue
    for (const [k, v] of Object.entries(parseEnvironmentFile(text))) {
      out[k] = v
      sources[k] = f.path
    }
  }
  return { env: out, sources }
}

export function systemdSource(unitName: string, unit: ParsedUnit): ComponentSource {
  return { kind: 'systemd', unit: unitName, unitFiles: unit.files, environmentFiles: unit.environmentFiles.map((f) => f.path) }
}

export function etcdMemberFromUnit(
  host: string,
  unitName: string,
  unit: ParsedUnit,
  envFiles: UnitEnvironment,
  configFile?: { path: string; text: string },
  version?: string
): EtcdMember {
  const { env, sources } = unitEnvironment(unit, envFiles)
  const argv = execStartArgv(unit, env)
  const settings = resolveEtcdSettings({
    argv: argv.slice(1),
    env,
    envSource: sources,
    argvSource: `${unit.execStart?.file ?? unitName} (ExecStart)`,
    configFile,
    workingDirectory: unit.workingDirectory
  })
  return {
    host,
    source: systemdSource(unitName, unit),
    settings,
    hostDataDir: settings.dataDir,
    hostTls: { ca: settings.trustedCaFile, cert: settings.certFile, key: settings.keyFile },
    version
  }
}

export function apiserverFromStaticPod(host: string, pod: StaticPod, manifestsDir: string): ApiserverInstance {
  const s = resolveApiserverSettings(pod.argv.slice(1))
  return {
    host,
    source: { kind: 'static-pod', manifest: pod.file, manifestsDir, image: pod.image },
    securePort: s.securePort,
    etcdServers: s.etcdServers,
    etcdCafile: hostPathOf(pod, s.etcdCafile),
    etcdCertfile: hostPathOf(pod, s.etcdCertfile),
    etcdKeyfile: hostPathOf(pod, s.etcdKeyfile)
  }
}

export function apiserverFromUnit(host: string, unitName: string, unit: ParsedUnit, envFiles: UnitEnvironment): ApiserverInstance {
  const { env } = unitEnvironment(unit, envFiles)
  const s = resolveApiserverSettings(execStartArgv(unit, env).slice(1))
  return { host, source: systemdSource(unitName, unit), ...s }
}

const COMPONENT_PORTS = { 'kube-controller-manager': 10257, 'kube-scheduler': 10259 } as const

export function componentFromStaticPod(host: string, component: ControlPlaneComponent['component'], pod: StaticPod, manifestsDir: string): ControlPlaneComponent {
  return {
    host,
    component,
    source: { kind: 'static-pod', manifest: pod.file, manifestsDir, image: pod.image },
    securePort: securePortOf(pod.argv.slice(1), COMPONENT_PORTS[component])
  }
}

export function componentFromUnit(host: string, component: ControlPlaneComponent['component'], unitName: string, unit: ParsedUnit, envFiles: UnitEnvironment): ControlPlaneComponent {
  const { env } = unitEnvironment(unit, envFiles)
  return { host, component, source: systemdSource(unitName, unit), securePort: securePortOf(execStartArgv(unit, env).slice(1), COMPONENT_PORTS[component]) }
}
