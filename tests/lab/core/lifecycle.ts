// Bringing a lab up: clean up what a previous run left, make the network and hosts, give every
// host sshd, build the topology's control plane, seed the cluster, and describe it all in
// lab.json. ensureLab reuses a healthy instance built with the same options.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import type { EtcdMember, LabHost, LabInfo, LabOptions, Topology } from '../index'
import { TOPOLOGIES } from '../index'
import { etcdServerVersion, labBinDir } from './binaries'
import { bringUpBinary, binaryPaths } from './binary'
import { apiServerReady, installKwokApis, kubectl, seedCluster, waitForApiServer } from './cluster'
import { LabError } from './errors'
import { run, sleep, waitFor } from './exec'
import { createNetwork, hostFile, hostRun, machinePath, startHost, writeHostFile } from './host'
import { finishInit, initFirstControlPlane, joinControlPlane, joinWorker, kubeadmLogPath, kubeadmPaths, markControlPlane, staticPodDiagnosis, type KubeadmContext } from './kubeadm'
import { DEMO_LOG } from './kubelet'
import { allHosts, planLab } from './plan'
import { startRelays } from './relay'
import { PASSWORD, PASSWORD_USER, fingerprint, hostPublicKey, makeIdentity, setupHostSsh, sshdLog, writeClientFiles } from './ssh-setup'
import { allocateSlot, instanceDir, instanceLock, readLab, readRuntime, sameProcess, selectedInstance, withLock, writeJson, type LabRuntime } from './state'
import { teardownInstance } from './teardown'
import { makeToolsDir } from './tools'

interface Spec {
  topology: Topology
  instance: string
  bastion: boolean
  etcd: '3.6' | '3.4'
}

function normalize(topology: Topology, opts: LabOptions): Spec {
  if (!TOPOLOGIES.includes(topology)) throw new LabError('topology', `unknown topology "${topology}" (one of ${TOPOLOGIES.join(', ')})`)
  const etcd = opts.etcd ?? '3.6'
  if (etcd !== '3.6' && etcd !== '3.4') throw new LabError('etcd', `unknown etcd variant "${etcd}" (3.6 or 3.4)`)
  if (etcd === '3.4' && topology !== 'kubeadm-1') throw new LabError('etcd', `--etcd 3.4 is offered for kubeadm-1 only (asked for ${topology})`)
  return { topology, instance: selectedInstance(opts.instance), bastion: !!opts.bastion, etcd }
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new LabError('root', 'the lab needs root: it creates network namespaces, bridges and mounts, and runs sshd and etcd inside them. Run it as root (e.g. `sudo npm run lab -- up`).')
  }
}

/** Reuses a running instance built with these options when it is healthy, else (re)builds it. */
export async function ensureLab(topology: Topology, opts: LabOptions = {}): Promise<LabInfo> {
  requireRoot()
  const spec = normalize(topology, opts)
  return withLock(instanceLock(spec.instance), 20 * 60_000, async () => {
    const current = readLab(spec.instance)
    if (current && current.topology === spec.topology && current.options.bastion === spec.bastion && current.options.etcd === spec.etcd && (await healthy(current))) return current
    return bringUp(spec)
  })
}

/** Builds the instance afresh (removing whatever it had). */
export async function labUp(topology: Topology, opts: LabOptions = {}): Promise<LabInfo> {
  requireRoot()
  const spec = normalize(topology, opts)
  return withLock(instanceLock(spec.instance), 20 * 60_000, () => bringUp(spec))
}

/** Hosts alive, sshd answering, API server ready (waiting up to 30s: a test may just have restarted it). */
async function healthy(lab: LabInfo): Promise<boolean> {
  const rt = readRuntime(lab.instance)
  if (!rt) return false
  if (!Object.values(rt.hosts).every((h) => sameProcess(h.initPid, h.initStart))) return false
  if (!rt.processes.every((p) => sameProcess(p.pid, p.start))) return false
  // Built before the machine had sudo: its hosts still use the stand-in and labuser has no sudoers rule.
  if (existsSync('/usr/bin/sudo') && existsSync(join(lab.stateDir, 'tools', 'sudo'))) return false
  const reachable = lab.bastion ? [lab.bastion] : lab.hosts
  if (!(await Promise.all(reachable.map((h) => tcpOpen(h.address, 22)))).every(Boolean)) return false
  for (let i = 0; i < 60; i++) {
    if (await apiServerReady(lab.kubeconfig)) return true
    await sleep(500)
  }
  return false
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 2000 })
    s.on('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.on('timeout', () => {
      s.destroy()
      resolve(false)
    })
    s.on('error', () => resolve(false))
  })
}

async function bringUp(spec: Spec): Promise<LabInfo> {
  const started = Date.now()
  const log = (msg: string) => process.env.KUBEDECK_LAB_QUIET || process.stderr.write(`lab ${spec.instance}: ${msg} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`)
  await teardownInstance(spec.instance, { keepState: false })
  const binDir = await labBinDir()
  const slot = await allocateSlot(spec.instance)
  const plan = planLab(spec.instance, slot, spec.topology, spec.bastion, spec.etcd)
  const stateDir = instanceDir(spec.instance)
  mkdirSync(join(stateDir, 'pki'), { recursive: true })
  const rt: LabRuntime = { instance: spec.instance, slot, hosts: {}, processes: [] }
  const saveRuntime = () => writeJson(join(stateDir, 'runtime.json'), rt)
  saveRuntime()
  const lab = { instance: spec.instance }
  try {
    const tools = makeToolsDir(stateDir, binDir, spec.etcd)
    await createNetwork(plan)
    await Promise.all(
      allHosts(plan).map(async (h) => {
        rt.hosts[h.name] = await startHost(stateDir, h, tools)
        saveRuntime()
      })
    )
    log(`hosts up (${allHosts(plan).map((h) => `${h.name} ${h.address}`).join(', ')})`)

    const ssh = await makeIdentity(stateDir)
    const publicKey = readFileSync(`${ssh.identityFile}.pub`, 'utf8')
    const etcHosts = `127.0.0.1 localhost\n${allHosts(plan)
      .map((h) => `${h.address} ${h.name}`)
      .join('\n')}\n`
    await Promise.all(
      allHosts(plan).map(async (h) => {
        writeHostFile(lab, h.name, '/etc/hosts', etcHosts)
        await setupHostSsh(lab, h, publicKey, stateDir)
      })
    )
    const keys = allHosts(plan).map((h) => ({ plan: h, publicKey: hostPublicKey(lab, h.name) }))
    writeClientFiles(plan, ssh, keys)
    log('sshd running on every host')

    const first = plan.hosts[0]
    // kube-apiserver 1.34 runs against Debian's etcd 3.4.23 (the variants test checks it on every
    // run), so --etcd 3.4 means the 3.4 server as well as the 3.4 tools.
    const etcd34Server = spec.etcd === '3.4'
    const etcdVersion = await etcdServerVersion(etcd34Server ? '/usr/bin/etcd' : join(binDir, 'etcd'))
    const kubeconfig = join(stateDir, 'kubeconfig')
    let relayPorts: Record<string, number> = {}
    const apiTarget = `${first.address}:6443`
    const etcdMembers: EtcdMember[] = []
    const kubeletLog = (host: string) => machinePath(stateDir, host, '/var/log/journal-standin/kubelet.service.log')
    const logOf = (host: string) => kubeadmLogPath(stateDir, host)

    if (plan.bastion) {
      const etcdHosts = plan.hosts.filter((h) => h.roles.includes('etcd'))
      relayPorts = await startRelays(lab, stateDir, plan, rt, { apiserver: apiTarget, ...Object.fromEntries(etcdHosts.map((h) => [`etcd-${h.name}`, `${h.address}:2379`])) })
      saveRuntime()
    }
    const apiServer = plan.bastion ? `https://127.0.0.1:${relayPorts.apiserver}` : `https://${apiTarget}`

    if (plan.topology === 'binary-3') {
      await bringUpBinary({ lab, plan, binDir, stateDir, kubeconfig, apiServer, log })
      for (const h of plan.hosts.filter((x) => x.roles.includes('etcd'))) etcdMembers.push({ name: `etcd-${plan.hosts.indexOf(h) + 1}`, host: h.name, clientURL: `https://${h.address}:2379`, peerURL: `https://${h.address}:2380` })
      copyFileSync(hostFile(lab, first.name, '/opt/etcd/ssl/ca.pem'), join(stateDir, 'pki', 'etcd-ca.crt'))
      copyFileSync(hostFile(lab, first.name, '/opt/etcd/ssl/server.pem'), join(stateDir, 'pki', 'etcd-client.crt'))
      copyFileSync(hostFile(lab, first.name, '/opt/etcd/ssl/server-key.pem'), join(stateDir, 'pki', 'etcd-client.key'))
    } else {
      const ctx: KubeadmContext = { plan, lab, binDir, etcd34Server, etcdVersion, logOf }
      await initFirstControlPlane(ctx, first)
      // Workers need only the first host's CA and kubelet config: they join while it starts.
      const workers = Promise.all(plan.hosts.filter((x) => !x.roles.includes('control-plane')).map((h) => joinWorker(ctx, first, h)))
      workers.catch(() => {})
      writeMachineKubeconfig(readFileSync(hostFile(lab, first.name, '/etc/kubernetes/admin.conf'), 'utf8'), kubeconfig, spec.instance, apiServer)
      await waitForApiServer({ kubeconfig }, { timeoutMs: 90_000, logPath: kubeletLog(first.name) }).catch(async (e) => {
        throw new LabError('kube-apiserver', `${(e as Error).message}\n${await staticPodDiagnosis(ctx, first)}`, machinePath(stateDir, first.name, '/var/log/pods'))
      })
      log(`control plane on ${first.name} ready`)
      await finishInit(ctx, first)
      await installKwokApis({ binDir, kubeconfig })
      await waitForNode({ kubeconfig, binDir }, first.name, kubeletLog(first.name))
      await markControlPlane(ctx, first, false)
      for (const h of plan.hosts.slice(1).filter((x) => x.roles.includes('control-plane'))) {
        await joinControlPlane(ctx, first, h)
        await waitForNode({ kubeconfig, binDir }, h.name, kubeletLog(h.name))
        await markControlPlane(ctx, h, true)
        log(`control plane ${h.name} joined`)
      }
      await workers
      for (const h of plan.hosts.filter((x) => x.roles.includes('etcd'))) etcdMembers.push({ name: h.name, host: h.name, clientURL: `https://${h.address}:2379`, peerURL: `https://${h.address}:2380` })
      copyFileSync(hostFile(lab, first.name, '/etc/kubernetes/pki/etcd/ca.crt'), join(stateDir, 'pki', 'etcd-ca.crt'))
      copyFileSync(hostFile(lab, first.name, '/etc/kubernetes/pki/apiserver-etcd-client.crt'), join(stateDir, 'pki', 'etcd-client.crt'))
      copyFileSync(hostFile(lab, first.name, '/etc/kubernetes/pki/apiserver-etcd-client.key'), join(stateDir, 'pki', 'etcd-client.key'))
    }

    await waitForEtcdMembers(binDir, etcdMembers, stateDir, relayPorts, plan.bastion, machinePath(stateDir, first.name, plan.topology === 'binary-3' ? '/var/log/journal-standin/etcd.service.log' : '/var/log/pods'))
    if (plan.topology !== 'binary-3') {
      await kubectl({ binDir, kubeconfig }, ['-n', 'kube-system', 'wait', '--for=condition=Ready', 'pod', '-l', 'tier=control-plane', '--timeout=120s'], { timeoutMs: 130_000 }).catch((e) => {
        throw new LabError('control plane (static pods)', (e as Error).message, machinePath(stateDir, first.name, '/var/log/pods'))
      })
    }

    // The demo deployment's pods log continuously, wherever kwok runs them.
    await Promise.all(
      plan.hosts.map((h) =>
        hostRun(lab, h.name, `mkdir -p /var/log/lab-pods && (setsid lab-pod-log-writer ${DEMO_LOG} demo/web 1000 nginx </dev/null >/dev/null 2>&1 &)`, { what: `starting the demo log writer on ${h.name}` })
      )
    )
    const hosts: LabHost[] = await Promise.all(
      plan.hosts.map(async (h, i) => ({
        name: h.name,
        address: h.address,
        roles: h.roles,
        layout: h.layout,
        etcdMember: etcdMembers.find((m) => m.host === h.name),
        paths: h.layout === 'binary' ? binaryPaths(i === 0) : kubeadmPaths(h),
        hostKeyFingerprint: await fingerprint(keys.find((k) => k.plan === h)!.publicKey),
        logs: { sshd: sshdLog(stateDir, h.name), kubelet: kubeletLog(h.name) }
      }))
    )
    const bastion: LabHost | undefined = plan.bastionHost && {
      name: plan.bastionHost.name,
      address: plan.bastionHost.address,
      roles: ['bastion'],
      layout: 'bastion',
      paths: {},
      hostKeyFingerprint: await fingerprint(keys.find((k) => k.plan === plan.bastionHost)!.publicKey),
      logs: { sshd: sshdLog(stateDir, plan.bastionHost.name) }
    }
    const pwHost = plan.hosts.find((h) => h.passwordAuth)!
    const info: LabInfo = {
      instance: spec.instance,
      topology: spec.topology,
      options: { bastion: spec.bastion, etcd: spec.etcd, instance: spec.instance },
      hosts,
      ...(bastion ? { bastion } : {}),
      kubeconfig,
      context: `lab-${spec.instance}`,
      sshConfig: ssh.config,
      identityFile: ssh.identityFile,
      knownHosts: ssh.knownHosts,
      binDir,
      stateDir,
      logDir: join(stateDir, 'hosts'),
      apiServer,
      passwordHost: { host: pwHost.name, address: pwHost.address, user: PASSWORD_USER, password: PASSWORD },
      etcd: {
        endpoints: plan.bastion ? etcdMembers.map((m) => `https://127.0.0.1:${relayPorts[`etcd-${m.host}`]}`) : etcdMembers.map((m) => m.clientURL),
        caFile: join(stateDir, 'pki', 'etcd-ca.crt'),
        certFile: join(stateDir, 'pki', 'etcd-client.crt'),
        keyFile: join(stateDir, 'pki', 'etcd-client.key'),
        members: etcdMembers,
        serverVersion: etcdVersion,
        hostTools: spec.etcd,
        restoreWith: spec.etcd === '3.4' ? 'etcdctl' : 'etcdutl'
      },
      createdAt: new Date().toISOString()
    }
    await seedCluster({ binDir, kubeconfig, hosts }, kubeletLog(plan.hosts[plan.hosts.length - 1].name))
    writeJson(join(stateDir, 'lab.json'), info)
    log(`ready: ${spec.topology}${spec.bastion ? ' + bastion' : ''}, etcd ${etcdVersion}`)
    return info
  } catch (e) {
    // Leave nothing running, but keep the logs the error points at (KUBEDECK_LAB_KEEP_FAILED=1
    // keeps the broken lab running for a look inside: `npm run lab -- exec node-1 -- …`).
    if (!process.env.KUBEDECK_LAB_KEEP_FAILED) await teardownInstance(spec.instance, { keepState: true }).catch(() => {})
    rmSync(join(stateDir, 'lab.json'), { force: true })
    throw e
  }
}

/** Every etcd member answers `endpoint health` with the lab's client credentials. */
async function waitForEtcdMembers(binDir: string, members: EtcdMember[], stateDir: string, relayPorts: Record<string, number>, viaRelay: boolean, logPath: string): Promise<void> {
  const endpoints = members.map((m) => (viaRelay ? `https://127.0.0.1:${relayPorts[`etcd-${m.host}`]}` : m.clientURL))
  let last = ''
  await waitFor(
    `etcd members ${members.map((m) => m.name).join(', ')} to be healthy`,
    async () => {
      const r = await run(join(binDir, 'etcdctl'), ['--endpoints', endpoints.join(','), '--cacert', join(stateDir, 'pki', 'etcd-ca.crt'), '--cert', join(stateDir, 'pki', 'etcd-client.crt'), '--key', join(stateDir, 'pki', 'etcd-client.key'), '--command-timeout=3s', 'endpoint', 'health'], { allowFailure: true, timeoutMs: 15_000 })
      last = (r.stderr || r.stdout).trim()
      return r.code === 0
    },
    { timeoutMs: 90_000, intervalMs: 500, component: 'etcd', logPath, detail: () => last }
  )
}

async function waitForNode(lab: { kubeconfig: string; binDir: string }, node: string, logPath: string): Promise<void> {
  await waitFor(
    `node ${node} to register`,
    async () => (await run(join(lab.binDir, 'kubectl'), ['--kubeconfig', lab.kubeconfig, 'get', 'node', node, '-o', 'name'], { allowFailure: true, timeoutMs: 10_000 })).code === 0,
    { timeoutMs: 60_000, intervalMs: 300, component: `kubelet stand-in on ${node}`, logPath }
  )
}

/** The admin kubeconfig for the machine: names of this instance, the server reachable from here. */
function writeMachineKubeconfig(adminConf: string, file: string, instance: string, server: string): void {
  const doc = parseDocument(adminConf)
  const name = `lab-${instance}`
  doc.setIn(['clusters', 0, 'name'], name)
  doc.setIn(['clusters', 0, 'cluster', 'server'], server)
  doc.setIn(['users', 0, 'name'], `${name}-admin`)
  doc.setIn(['contexts', 0, 'name'], name)
  doc.setIn(['contexts', 0, 'context', 'cluster'], name)
  doc.setIn(['contexts', 0, 'context', 'user'], `${name}-admin`)
  doc.set('current-context', name)
  writeFileSync(file, doc.toString(), { mode: 0o600 })
}
