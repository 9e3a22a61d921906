// The host inventory against the lab's real API server (through the kubeconfig service, as
// the app wires it): nodes with InternalIP, roles and Ready; the default target (the node's
// name when ~/.ssh/config names it, else its InternalIP); targets and added hosts kept per
// cluster across restarts; and ssh config hosts still listed when the API cannot be reached.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { HostInventoryService, kubeNodeSource } from '../../../src/main/services/ssh'
import { AppError } from '../../../src/shared/errors'
import { verbatim } from '../../../src/shared/error-messages'
import { kubectl, labSkipReason, type LabInfo } from '../../lab'
import { scratch, sshLab, type Scratch } from './lab-fixture'

const skip = labSkipReason()

describe.skipIf(!!skip)(`Host inventory against the lab’s API server ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch
  let kube: KubeconfigService
  let home: string
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
    home = join(s.dir, 'home')
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 })
    // ~/.ssh/config names node-1 only (by a pattern), and has a host of its own.
    writeFileSync(join(home, '.ssh', 'config'), 'Host node-1 !node-2\n  User admin\nHost etcd-box\n  HostName 198.18.0.250\nHost *\n  Port 22\n', { mode: 0o600 })
    env = { ...process.env, HOME: home, KUBEDECK_SSH_HOME: home, KUBECONFIG: lab.kubeconfig }
    kube = new KubeconfigService({ dataDir: s.dataDir, env, events: { changed: () => undefined }, loginShell: false })
  })
  afterAll(() => {
    kube?.close()
    s?.cleanup()
  })

  const ref = () => ({ file: lab.kubeconfig, name: lab.context })
  const inventory = () =>
    new HostInventoryService(
      s.dataDir,
      kubeNodeSource((r) => kube.clientFor(r)),
      { env }
    )

  it('lists the nodes the API reports, with their default targets, and the ssh config hosts', async () => {
    const inv = await inventory().inventory(ref())
    expect(inv.nodesError).toBeUndefined()
    expect(inv.cluster).toBe(lab.apiServer)
    const apiNodes = JSON.parse((await kubectl(lab, ['get', 'nodes', '-o', 'json'])).stdout).items as { metadata: { name: string } }[]
    expect(inv.hosts.filter((h) => h.kind === 'node').map((h) => h.name)).toEqual(apiNodes.map((n) => n.metadata.name))
    const [n1, n2] = inv.hosts
    expect(n1).toMatchObject({
      id: 'node/node-1',
      node: { internalIP: lab.hosts[0].address, roles: ['control-plane'], ready: true },
      target: { host: 'node-1' },
      origin: 'ssh-config',
      resolved: { user: 'admin', hostname: 'node-1', port: 22, proxyJump: null }
    })
    expect(n2).toMatchObject({ id: 'node/node-2', target: { host: lab.hosts[1].address }, origin: 'internal-ip', node: { ready: true } })
    expect(inv.hosts.find((h) => h.id === 'config/etcd-box')).toMatchObject({ kind: 'ssh-config', resolved: { hostname: '198.18.0.250' } })
  })

  it('keeps changed targets and added hosts per cluster, across restarts, and resets to the default', async () => {
    await inventory().setTarget(ref(), 'node/node-2', { host: lab.hosts[1].address, user: 'core', port: 2222, proxyJump: 'bastion' })
    await inventory().addHost(ref(), 'etcd-standalone', { host: '198.18.0.251', user: 'ops' })
    const again = await inventory().inventory(ref())
    expect(again.hosts.find((h) => h.id === 'node/node-2')).toMatchObject({
      origin: 'custom',
      target: { host: lab.hosts[1].address, user: 'core', port: 2222, proxyJump: 'bastion' },
      resolved: { user: 'core', port: 2222, proxyJump: 'bastion' }
    })
    expect(again.hosts.find((h) => h.id === 'added/etcd-standalone')).toMatchObject({ kind: 'added', target: { host: '198.18.0.251', user: 'ops' } })
    await expect(inventory().addHost(ref(), 'etcd-standalone', { host: 'x' })).rejects.toThrow(/already in the list/)
    await expect(inventory().setTarget(ref(), 'node/node-2', { host: 'x', proxyJump: 'a@@' })).rejects.toMatchObject({ info: { code: 'ssh.config' } })
    await inventory().setTarget(ref(), 'node/node-2', null)
    await inventory().removeHost(ref(), 'added/etcd-standalone')
    const reset = await inventory().inventory(ref())
    expect(reset.hosts.find((h) => h.id === 'node/node-2')).toMatchObject({ origin: 'internal-ip', target: { host: lab.hosts[1].address } })
    expect(reset.hosts.some((h) => h.id === 'added/etcd-standalone')).toBe(false)
  })

  it('still lists ssh config hosts, and says why, when the cluster cannot be reached', async () => {
    const dead = s.file(
      'dead-kubeconfig',
      `apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\ncontexts:\n- name: gone\n  context: {cluster: gone, user: u}\ncurrent-context: gone\nusers:\n- name: u\n  user: {token: t}\n`
    )
    const deadEnv = { ...env, KUBECONFIG: dead }
    const deadKube = new KubeconfigService({ dataDir: join(s.dir, 'dead-data'), env: deadEnv, events: { changed: () => undefined }, loginShell: false })
    try {
      const inv = await new HostInventoryService(
        s.dataDir,
        kubeNodeSource((r) => deadKube.clientFor(r)),
        { env: deadEnv }
      ).inventory({ file: dead, name: 'gone' })
      expect(inv.nodesError?.code).toBe('ssh.nodes')
      expect(inv.nodesError?.message).toContain('https://127.0.0.1:1')
      // A refused connection is not an HTTP status.
      expect(inv.nodesError?.message).toContain('connection refused')
      expect(inv.nodesError?.message).not.toContain('HTTP ECONNREFUSED')
      expect(inv.hosts.map((h) => h.id)).toEqual(['config/node-1', 'config/etcd-box'])
    } finally {
      deadKube.close()
    }
  })

  it('shows the nodes the cluster named last time, marked as not current, when its API does not answer', async () => {
    let up = true
    const source = {
      clusterOf: async () => 'https://cluster.example:6443',
      listNodes: async () => {
        if (!up) throw new AppError({ code: 'ssh.nodes', message: verbatim('Could not list the nodes of c: nothing listens') })
        return [{ name: 'cp-1', internalIP: '10.0.0.1', roles: ['control-plane'], ready: true }]
      }
    }
    const dir = join(s.dir, 'cache-data')
    const c = { file: '/k', name: 'c' }
    expect((await new HostInventoryService(dir, source, { env }).inventory(c)).nodesFrom).toBeUndefined()
    up = false
    const inv = await new HostInventoryService(dir, source, { env }).inventory(c)
    expect(inv.nodesError?.code).toBe('ssh.nodes')
    expect(Date.parse(inv.nodesFrom!)).toBeGreaterThan(Date.now() - 60_000)
    expect(inv.hosts.find((h) => h.id === 'node/cp-1')).toMatchObject({ kind: 'node', node: { internalIP: '10.0.0.1', ready: null } })
  })
})
