// The kubeadm-1 lab against the real clients: kubectl (1.32) sees Ready nodes whose InternalIP
// is the host's address, pod logs (also followed) and exec go through the real API server to
// kwok, OpenSSH reaches each host's own sshd and files, etcd answers with the lab's PKI, and the
// kubelet stand-in stops/starts etcd as its manifest leaves/returns.
import { existsSync, readFileSync } from 'node:fs'
import { Client } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addLoggingPod, hostFile, labSkipReason, removeLoggingPod, replaceHostKey, requireLab, restoreHostKey, setLinkState, waitForApiServer, type LabInfo, type LoggingPod } from '../../lab'
import { etcdctl, eventually, exec, kubectl, ssh } from './shell'

const skip = labSkipReason()

describe.skipIf(!!skip)(`lab: kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  beforeAll(async () => {
    lab = await requireLab('kubeadm-1')
  })

  it('shows every host as a Ready node with the host address as InternalIP', async () => {
    const r = await kubectl(lab, ['get', 'nodes', '-o', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const nodes = JSON.parse(r.stdout).items as { metadata: { name: string }; status: { addresses: { type: string; address: string }[]; conditions: { type: string; status: string }[] } }[]
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(lab.hosts.map((h) => h.name).sort())
    for (const h of lab.hosts) {
      const n = nodes.find((x) => x.metadata.name === h.name)!
      expect(n.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True')
      expect(n.status.addresses.find((a) => a.type === 'InternalIP')?.address).toBe(h.address)
    }
  })

  it('runs the control plane as static pods with mirror pods in kube-system', async () => {
    const r = await kubectl(lab, ['-n', 'kube-system', 'get', 'pods', '-l', 'tier=control-plane', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim().split('\n').sort()).toEqual(['etcd-node-1=True', 'kube-apiserver-node-1=True', 'kube-controller-manager-node-1=True', 'kube-scheduler-node-1=True'])
  })

  it('serves pod logs and exec through the API server', async () => {
    const pods = await kubectl(lab, ['-n', 'demo', 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])
    const pod = pods.stdout.trim()
    expect(pod).toMatch(/^web-/)
    const logs = await kubectl(lab, ['-n', 'demo', 'logs', pod, '--tail=3'])
    expect(logs.code, logs.stderr).toBe(0)
    expect(logs.stdout).toMatch(/"GET \/healthz HTTP\/1.1" 200/)
    const echo = await kubectl(lab, ['-n', 'demo', 'exec', pod, '--', 'echo', 'hello from the lab'])
    expect(echo.code, echo.stderr).toBe(0)
    expect(echo.stdout.trim()).toBe('hello from the lab')
    // The static pods' own logs: the kubelet stand-in writes them, kwok serves them.
    const etcdLog = await kubectl(lab, ['-n', 'kube-system', 'logs', 'etcd-node-1', '--tail=5'])
    expect(etcdLog.code, etcdLog.stderr).toBe(0)
    expect(etcdLog.stdout).toContain('"level"')
  })

  describe('a pod whose log grows', () => {
    let pod: LoggingPod
    beforeAll(async () => {
      pod = await addLoggingPod(lab, { namespace: 'lab-test', intervalMs: 100 })
    })
    afterAll(async () => {
      if (pod) await removeLoggingPod(lab, pod)
    })
    it('streams new lines to `kubectl logs -f`', async () => {
      const before = await kubectl(lab, ['-n', pod.namespace, 'logs', pod.name])
      const last = Number(/line (\d+) from/.exec(before.stdout.trim().split('\n').pop() ?? '')?.[1] ?? 0)
      const follow = await exec('/usr/bin/kubectl', ['--kubeconfig', lab.kubeconfig, '-n', pod.namespace, 'logs', '-f', '--tail=1', pod.name], { timeoutMs: 2500 })
      const seen = [...follow.stdout.matchAll(/line (\d+) from lab-test\//g)].map((m) => Number(m[1]))
      expect(seen.length).toBeGreaterThan(5)
      expect(Math.max(...seen)).toBeGreaterThan(last + 5)
    })
  })

  it('lets OpenSSH in with the lab ssh config, to each host with its own /etc/kubernetes', async () => {
    for (const h of lab.hosts) {
      const r = await ssh(lab, h.name, 'hostname; ls /etc/kubernetes')
      expect(r.code, r.stderr).toBe(0)
      const [hostname, ...files] = r.stdout.trim().split('\n')
      expect(hostname).toBe(h.name)
      expect(files).toContain('kubelet.conf')
      if (h.roles.includes('control-plane')) expect(files).toEqual(expect.arrayContaining(['admin.conf', 'manifests', 'pki']))
      else expect(files).not.toContain('admin.conf')
    }
    const manifest = await ssh(lab, 'node-1', 'cat /etc/kubernetes/manifests/etcd.yaml')
    expect(manifest.stdout).toContain(`--advertise-client-urls=https://${lab.hosts[0].address}:2379`)
    expect(manifest.stdout).toBe(readFileSync(hostFile(lab, 'node-1', '/etc/kubernetes/manifests/etcd.yaml'), 'utf8'))
    expect(existsSync('/etc/kubernetes/manifests/etcd.yaml')).toBe(false)
  })

  it('accepts password and keyboard-interactive logins on the password host', async () => {
    const { host, address, user, password } = lab.passwordHost
    for (const method of ['password', 'keyboard-interactive'] as const) {
      const out = await new Promise<string>((resolve, reject) => {
        const c = new Client()
        c.on('ready', () =>
          c.exec('id -un; hostname', (err, stream) => {
            if (err) return reject(err)
            let text = ''
            stream.on('data', (d: Buffer) => (text += d)).on('close', () => (c.end(), resolve(text)))
          })
        )
        c.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)))
        c.on('error', reject)
        c.connect({ host: address, username: user, password, tryKeyboard: true, authHandler: [method], readyTimeout: 10_000, hostVerifier: () => true })
      })
      expect(out.trim().split('\n'), method).toEqual([user, host])
    }
  })

  it('gives etcd answers with the lab PKI', async () => {
    const health = await etcdctl(lab, lab.etcd.endpoints, ['endpoint', 'health'])
    expect(health.code, health.stderr).toBe(0)
    expect(health.stdout + health.stderr).toContain('is healthy')
    const members = await etcdctl(lab, lab.etcd.endpoints, ['member', 'list', '-w', 'json'])
    expect(JSON.parse(members.stdout).members.map((m: { name: string }) => m.name)).toEqual(['node-1'])
    // And on the host itself, with the host's tools and files, as an admin would.
    const p = lab.hosts[0].paths
    const onHost = await ssh(lab, 'node-1', `etcdctl --endpoints=https://127.0.0.1:2379 --cacert=${p.etcdCaFile} --cert=${p.etcdCertFile} --key=${p.etcdKeyFile} endpoint health`)
    expect(onHost.code, onHost.stderr).toBe(0)
  })

  it('stops etcd when etcd.yaml leaves the manifests, and starts it when it returns', async () => {
    const running = async () => (await ssh(lab, 'node-1', 'pgrep -x etcd')).code === 0
    expect(await running()).toBe(true)
    const moved = await ssh(lab, 'node-1', 'mv /etc/kubernetes/manifests/etcd.yaml /root/etcd.yaml')
    expect(moved.code, moved.stderr).toBe(0)
    try {
      await eventually('etcd to stop', async () => !(await running()), 45_000)
      await waitForApiServer(lab, { ready: false, timeoutMs: 45_000 })
    } finally {
      const back = await ssh(lab, 'node-1', 'mv /root/etcd.yaml /etc/kubernetes/manifests/etcd.yaml')
      expect(back.code, back.stderr).toBe(0)
    }
    await eventually('etcd to run again', running, 30_000)
    await waitForApiServer(lab, { ready: true, timeoutMs: 90_000 })
    const health = await etcdctl(lab, lab.etcd.endpoints, ['endpoint', 'health'])
    expect(health.code, health.stderr).toBe(0)
  })

  it('restarts a static pod when its manifest changes', async () => {
    const manifest = '/etc/kubernetes/manifests/kube-scheduler.yaml'
    const pid = async () => (await ssh(lab, 'node-1', 'pgrep -x kube-scheduler')).stdout.trim()
    // The scheduler may itself be restarting: it exits when it loses its lease, as it can while etcd was away above.
    const before = await eventually('kube-scheduler to run', async () => {
      const p = await pid()
      return /^\d+$/.test(p) ? p : undefined
    }, 45_000)
    await ssh(lab, 'node-1', `sed -i 's/^    - --bind-address=127.0.0.1$/&\\n    - --v=3/' ${manifest}`)
    try {
      // A restart for another reason (a lost lease) brings the old flags back; only the new manifest has --v=3.
      const after = await eventually('kube-scheduler to restart with the new flag', async () => {
        const p = await pid()
        if (!/^\d+$/.test(p) || p === before) return undefined
        const cmdline = await ssh(lab, 'node-1', `tr '\\0' ' ' < /proc/${p}/cmdline`)
        return cmdline.stdout.includes('--v=3') ? p : undefined
      }, 45_000)
      expect(after).not.toBe(before)
    } finally {
      await ssh(lab, 'node-1', `sed -i '/^    - --v=3$/d' ${manifest}`)
    }
  })

  it('keeps static pods running while kubelet is stopped, and adopts them when it starts again', async () => {
    const etcdPid = (await ssh(lab, 'node-1', 'pgrep -x etcd')).stdout.trim()
    const stop = await ssh(lab, 'node-1', 'systemctl stop kubelet; systemctl is-active kubelet; pgrep -x etcd')
    expect(stop.stdout.trim().split('\n')).toEqual(['inactive', etcdPid])
    const start = await ssh(lab, 'node-1', 'systemctl start kubelet; systemctl is-active kubelet')
    expect(start.stdout.trim()).toBe('active')
    await eventually('the stand-in to adopt etcd', async () => (await ssh(lab, 'node-1', 'journalctl -u kubelet -n 50 -o cat')).stdout.includes('etcd.yaml: adopted running static pod etcd-node-1'), 20_000, 500)
    expect((await ssh(lab, 'node-1', 'pgrep -x etcd')).stdout.trim()).toBe(etcdPid)
    await waitForApiServer(lab, { timeoutMs: 30_000 })
  })

  it('can give a host a new host key, which OpenSSH refuses, and restore it', async () => {
    const changed = await replaceHostKey(lab, 'node-2')
    try {
      expect(changed.current).not.toBe(changed.previous)
      const refused = await ssh(lab, 'node-2', 'hostname')
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED')
    } finally {
      await restoreHostKey(lab, 'node-2')
    }
    const ok = await ssh(lab, 'node-2', 'hostname')
    expect(ok.stdout.trim()).toBe('node-2')
  })

  it('can take a host off the network and bring it back', async () => {
    await setLinkState(lab, 'node-2', 'down')
    try {
      const cut = await ssh(lab, 'node-2', 'hostname', ['-o', 'ConnectTimeout=2'])
      expect(cut.code).toBe(255)
      expect(cut.stderr).toMatch(/timed out/i)
    } finally {
      await setLinkState(lab, 'node-2', 'up')
    }
    expect((await ssh(lab, 'node-2', 'hostname')).stdout.trim()).toBe('node-2')
  })
})
