// Logs against the lab (kubeadm-1): kubectl 1.32 is the oracle for `kubedeck logs` on pods whose
// logs kwok serves from files we write (fixed lines, CRI partial lines, ANSI, several
// containers, a previous instance), through the real API server. Following: a stream the API
// drops (kwok killed on the node) is resumed without losing or repeating a line; a pod added
// under a followed selector joins. Node logs over SSH against journalctl and the files on the
// host, rotated ones included; a hint matched on a real API server line.
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogLine, LogSourceInfo } from '../../../src/shared/model/logs'
import { createServices, type Services } from '../../../src/main/composition'
import { hintFor } from '../../../src/shared/log-hints'
import { ensureBuilt } from '../../e2e/harness'
import { runBuiltKubedeck, runProgram, type RunResult } from '../../kits/programs'
import { addLoggingPod, criLine, hostExec, hostRun, kubectl, labDown, labSkipReason, removeLoggingPod, requireLab, waitForApiServer, type LabInfo } from '../../lab'
import { batch } from '../etcd/support'

const skip = labSkipReason()
const INSTANCE = process.env.KUBEDECK_LOGS_LAB_INSTANCE ?? 'logs'
const KUBECTL = process.env.KUBEDECK_ORACLE_KUBECTL ?? '/usr/bin/kubectl'
const NS = 'logs-test'

const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 1, 0, 0) + s * 1000 + (s % 7) * 1.5)
const FIXED = [
  criLine(at(0), 'starting'),
  criLine(at(1), 'a partial ', 'stdout', 'P'),
  criLine(at(1), 'line joined'),
  criLine(at(2), '\u001b[31mred\u001b[0m and plain'),
  criLine(at(3), '{"level":"error","msg":"boom"}', 'stderr'),
  criLine(at(4), 'ünïcødé 名前 ✓'),
  ...Array.from({ length: 40 }, (_, i) => criLine(at(10 + i), `line ${i}`))
]

describe.skipIf(!!skip)(`logs on kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  const both = async (args: string[]): Promise<[RunResult, RunResult]> => [
    await runBuiltKubedeck(['logs', ...args], env, '/'),
    await runProgram(KUBECTL, ['logs', ...args], env, '/')
  ]

  beforeAll(async () => {
    ensureBuilt()
    lab = await requireLab('kubeadm-1', { instance: INSTANCE })
    env = { PATH: process.env.PATH, HOME: '/tmp', KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: `/tmp/kubedeck-logs-it-${process.pid}` }
    await kubectl(lab, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 120_000 })
    await addLoggingPod(lab, { namespace: NS, name: 'fixed', files: { app: FIXED }, previous: { app: [criLine(at(-100), 'the instance before')] } })
    await addLoggingPod(lab, {
      namespace: NS,
      name: 'multi',
      containers: ['web', 'sidecar'],
      labels: { tier: 'multi' },
      files: { web: Array.from({ length: 15 }, (_, i) => criLine(at(2 * i), `web ${i}`)), sidecar: Array.from({ length: 15 }, (_, i) => criLine(at(2 * i + 1), `sidecar ${i}`)) }
    })
  })
  afterAll(async () => {
    if (lab) await labDown(INSTANCE)
  })

  describe('kubectl logs, line for line', () => {
    it.each([
      [['fixed']],
      [['fixed', '--tail', '5']],
      [['fixed', '--timestamps']],
      [['fixed', '--limit-bytes', '100']],
      [['fixed', '--since-time', at(30).toISOString()]],
      [['fixed', '-c', 'app', '--prefix']],
      [['fixed', '-p']],
      [['pod/fixed', '--tail', '3', '--timestamps', '--prefix']]
    ])('%j', async (args) => {
      const [ours, theirs] = await both([...args, '-n', NS])
      expect(theirs.code, theirs.stderr).toBe(0)
      expect(ours.stderr).toBe(theirs.stderr)
      expect(ours.stdout).toBe(theirs.stdout)
      expect(ours.code).toBe(0)
    })

    it('says which container it defaulted to, as kubectl does', async () => {
      const [ours, theirs] = await both(['multi', '-n', NS])
      expect(ours.stderr).toBe(theirs.stderr)
      expect(ours.stderr).toMatch(/^Defaulted container "web" out of: web, sidecar/)
      expect(ours.stdout).toBe(theirs.stdout)
    })

    it('merges containers and pods in timestamp order where kubectl prints one after the other', async () => {
      const [ours, theirs] = await both(['multi', '-n', NS, '--all-containers', '--prefix'])
      expect(ours.stdout.split('\n').sort()).toEqual(theirs.stdout.split('\n').sort())
      // Interleaved by time: web 0, sidecar 0, web 1, …
      expect(ours.stdout.split('\n').slice(0, 4)).toEqual(['[pod/multi/web] web 0', '[pod/multi/sidecar] sidecar 0', '[pod/multi/web] web 1', '[pod/multi/sidecar] sidecar 1'])
      const [sel, selK] = await both(['-l', 'kubedeck.dev/lab-logging-pod=true', '-n', NS, '--prefix'])
      // kubectl: the last 10 lines of each container with a selector.
      expect(sel.stdout.split('\n').sort()).toEqual(selK.stdout.split('\n').sort())
      expect(sel.stdout.trim().split('\n')).toHaveLength(20)
    })

    it('fails as kubectl fails: a pod that is not there, a container that is not', async () => {
      for (const args of [
        ['nope', '-n', NS],
        ['fixed', '-c', 'nope', '-n', NS]
      ]) {
        const [ours, theirs] = await both(args)
        expect(theirs.code).toBe(1)
        expect(ours.code).toBe(1)
        expect(ours.stderr.trim()).toBe(theirs.stderr.trim())
      }
    })

    it('picks the pod of a workload kubectl picks', async () => {
      const [ours, theirs] = await both(['deployment/web', '-n', 'demo', '--tail', '0'])
      expect(theirs.code, theirs.stderr).toBe(0)
      expect(ours.stderr).toBe(theirs.stderr)
    })
  })

  describe('following', () => {
    let svc: Services
    beforeAll(async () => {
      svc = await createServices({ mode: 'cli', env, dataDir: env.KUBEDECK_DATA_DIR, uses: ['logs'], asker: batch })
    })
    afterAll(async () => {
      await svc?.close()
    })
    const collect = () => {
      const lines: LogLine[] = []
      let sources: LogSourceInfo[] = []
      return { lines, sources: () => sources, sink: { lines: (l: LogLine[]) => lines.push(...l), sources: (s: LogSourceInfo[]) => (sources = s) } }
    }

    it('resumes a stream the API dropped without losing or repeating a line', async () => {
      const pod = await addLoggingPod(lab, { namespace: NS, name: 'busy', intervalMs: 50 })
      try {
        const c = collect()
        const info = await svc.logs.open(
          { kind: 'pods', context: { file: lab.kubeconfig, name: lab.context }, namespace: NS, pods: [pod.name] },
          { follow: true, tailLines: 5 },
          c.sink
        )
        await expect.poll(() => c.lines.length, { timeout: 20_000 }).toBeGreaterThan(20)
        // kwok serves the kubelet API on the node: killing it ends the API server's stream.
        await hostExec(lab, pod.host, 'pkill -f "kwok .*--manage-single-node" || pkill -x kwok')
        await expect.poll(() => c.sources()[0]?.reconnects ?? 0, { timeout: 60_000 }).toBeGreaterThan(0)
        const before = c.lines.length
        await expect.poll(() => c.lines.length, { timeout: 60_000 }).toBeGreaterThan(before + 40)
        svc.logs.close(info.id)
        const numbers = c.lines.map((l) => Number(/^line (\d+) from/.exec(l.text)?.[1]))
        for (let i = 1; i < numbers.length; i++) expect(numbers[i], `after line ${numbers[i - 1]}`).toBe(numbers[i - 1] + 1)
      } finally {
        await removeLoggingPod(lab, pod)
      }
    })

    it('joins a pod that appears under a followed selector', async () => {
      const c = collect()
      const info = await svc.logs.open({ kind: 'pods', context: { file: lab.kubeconfig, name: lab.context }, namespace: NS, selector: 'joins=yes' }, { follow: true }, c.sink)
      const pod = await addLoggingPod(lab, { namespace: NS, name: 'late', intervalMs: 100, labels: { joins: 'yes' } })
      try {
        await expect.poll(() => c.lines.filter((l) => /from logs-test\/late/.test(l.text)).length, { timeout: 60_000 }).toBeGreaterThan(3)
        expect(c.sources().map((s) => s.label)).toEqual(['pod/late/app'])
      } finally {
        svc.logs.close(info.id)
        await removeLoggingPod(lab, pod)
      }
      await expect.poll(async () => (await kubectl(lab, ['-n', NS, 'get', 'pod', 'late'], { allowFailure: true })).code, { timeout: 60_000 }).not.toBe(0)
    })
  })

  describe('node logs over SSH', () => {
    const node = (args: string[]) => runBuiltKubedeck(['node-logs', ...args, '-F', lab.sshConfig], env, '/')

    it('prints what journalctl prints on the host', async () => {
      const cp = lab.hosts[0].name
      const ours = await node([cp, '-u', 'kubelet', '-n', '20'])
      expect(ours.code, ours.stderr).toBe(0)
      const lines = ours.stdout.trim().split('\n')
      // The journal grows meanwhile: ours are its last lines as they were, in its order.
      const journal = (await hostRun(lab, cp, 'journalctl --no-pager -u kubelet -n 200')).trim().split('\n')
      expect(lines.length).toBe(Math.min(20, journal.length))
      const start = journal.indexOf(lines[0])
      expect(start).toBeGreaterThanOrEqual(0)
      expect(journal.slice(start, start + lines.length)).toEqual(lines)
    })

    it('reads a pod’s folder under /var/log/pods, rotated and gzipped files first, for a pod the API never saw', async () => {
      const host = lab.hosts[0].name
      const dir = '/var/log/pods/default_ghost_0000-uid/app'
      const rotated = gzipSync(Buffer.from([criLine(at(0), 'oldest (gzipped)'), criLine(at(1), 'older')].join('\n') + '\n'))
      await hostRun(lab, host, `mkdir -p ${dir} && base64 -d > ${dir}/0.log.20261206-010000.gz`, { input: rotated.toString('base64') })
      await hostRun(lab, host, `cat > ${dir}/0.log.20261206-010500`, { input: criLine(at(2), 'rotated, not zipped') + '\n' })
      await hostRun(lab, host, `cat > ${dir}/0.log`, { input: [criLine(at(3), 'current, ', 'stdout', 'P'), criLine(at(3), 'joined')].join('\n') + '\n' })
      try {
        const ours = await node([host, '--pod', 'default/ghost'])
        expect(ours.code, ours.stderr).toBe(0)
        expect(ours.stdout).toBe(['oldest (gzipped)', 'older', 'rotated, not zipped', 'current, joined', ''].join('\n'))
      } finally {
        await hostRun(lab, host, 'rm -rf /var/log/pods/default_ghost_0000-uid')
      }
    })

    it('marks what kubectl prints for an untrusted server, and what the API server logs for an APIService without a backend', async () => {
      // Another CA in place of the cluster's: kubectl's own words for it.
      const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs')
      const dir = mkdtempSync('/tmp/kubedeck-hint-')
      const other = await runProgram(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          `${dir}/k`,
          '-out',
          `${dir}/ca.crt`,
          '-subj',
          '/CN=not-the-cluster-ca',
          '-days',
          '1'
        ],
        env,
        '/'
      )
      expect(other.code, other.stderr).toBe(0)
      const wrong = readFileSync(lab.kubeconfig, 'utf8').replace(
        /certificate-authority-data: \S+/,
        `certificate-authority-data: ${Buffer.from(readFileSync(`${dir}/ca.crt`)).toString('base64')}`
      )
      writeFileSync(`${dir}/config`, wrong)
      const untrusted = await runProgram(KUBECTL, ['--kubeconfig', `${dir}/config`, 'get', 'nodes'], env, '/')
      rmSync(dir, { recursive: true, force: true })
      const line = untrusted.stderr.split('\n').find((l) => l.includes('unknown authority'))!
      expect(hintFor(line)?.id, untrusted.stderr).toBe('unknown-authority')
      // An APIService with no backend: discovery (every kubectl call) says so.
      await kubectl(lab, ['apply', '-f', '-'], {
        input:
          'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: { name: v1beta1.metrics.k8s.io }\nspec: { group: metrics.k8s.io, version: v1beta1, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { name: metrics-server, namespace: kube-system } }\n'
      })
      try {
        // The API server's own log says it cannot reach the APIService's backend.
        const cp = lab.hosts[0].name
        await expect
          .poll(
            async () => {
              const r = await node([cp, '--pod', 'kube-system/kube-apiserver-' + cp])
              return r.stdout.split('\n').some((l) => hintFor(l)?.id === 'metrics-apiservice')
            },
            { timeout: 90_000, interval: 3000 }
          )
          .toBe(true)
      } finally {
        await kubectl(lab, ['delete', 'apiservice', 'v1beta1.metrics.k8s.io', '--ignore-not-found'])
      }
    })

    it('marks what the controller manager really logs while the API server is down', async () => {
      const cp = lab.hosts[0].name
      await hostRun(lab, cp, 'mkdir -p /root/aside && mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/aside/')
      try {
        await expect
          .poll(
            async () => {
              const r = await node([cp, '--pod', 'kube-system/kube-controller-manager-' + cp, '-n', '200'])
              return r.stdout.split('\n').some((l) => hintFor(l)?.id === 'apiserver-refused')
            },
            { timeout: 90_000, interval: 3000 }
          )
          .toBe(true)
      } finally {
        await hostRun(lab, cp, 'mv /root/aside/kube-apiserver.yaml /etc/kubernetes/manifests/')
        await waitForApiServer(lab, { timeoutMs: 180_000 })
      }
    })

    it('marks a real API server line with what it means', async () => {
      const cp = lab.hosts[0].name
      // etcd stopped for a moment: the API server's own log says it cannot reach 2379.
      await hostRun(lab, cp, 'mkdir -p /root/aside && mv /etc/kubernetes/manifests/etcd.yaml /root/aside/')
      try {
        await expect
          .poll(
            async () => {
              const r = await node([cp, '--pod', 'kube-system/kube-apiserver-' + cp])
              return r.stdout.split('\n').some((l) => hintFor(l)?.id === 'etcd-refused')
            },
            { timeout: 90_000, interval: 3000 }
          )
          .toBe(true)
      } finally {
        await hostRun(lab, cp, 'mv /root/aside/etcd.yaml /etc/kubernetes/manifests/')
        await waitForApiServer(lab, { timeoutMs: 180_000 })
      }
    })
  })
})
