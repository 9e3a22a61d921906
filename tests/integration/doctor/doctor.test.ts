// The doctor on the lab (kubeadm-1: node-1 control plane, node-2 worker) through the CLI: a
// healthy lab has no error; then faults planted together — the scheduler's manifest moved away,
// a namespace held by a finalizer, an APIService pointing at a Service that does not exist, an
// expired certificate, a pending CSR, a cordoned node — each found with the right subject, and
// every one undone. The join command: its CA hash is openssl's, its token is accepted by the API
// server's bootstrap authenticator (kubectl with it) until it is revoked, and a control plane's
// certificate key comes from kubeadm on the host.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ageCertificate, hostFile, hostRun, kubeadmPki, kubectl, labSkipReason, opensslTime, requireLab, unageCertificate, waitForApiServer, type LabInfo } from '../../lab'
import { runKubedeck } from '../kubeconfig/harness'
import { LAB_INSTANCE } from '../terminals/support'

const skip = labSkipReason()
const NS = 'kd-doctor-held'

interface Finding {
  check: string
  area: string
  severity: 'error' | 'warning' | 'info'
  subject: string
  message: string
  fix?: { kind: string; command?: string; plan?: string }
}
interface Report {
  findings: Finding[]
  unknown: { check: string; subject: string; reason: string }[]
  checks: { check: string; ms: number }[]
  durationMs: number
}

describe.skipIf(!!skip)(`kubedeck doctor and join-command on kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  let dataDir: string
  const kd = (...args: string[]) => runKubedeck(args, env, dataDir)
  const doctor = async () => {
    const r = await kd('doctor', '--context', lab.context, '-F', lab.sshConfig, '-o', 'json')
    const report = JSON.parse(r.stdout) as Report
    return { code: r.code, report, stderr: r.stderr }
  }
  const k = async (...args: string[]) => (await kubectl(lab, args, { timeoutMs: 120_000 })).stdout.trim()

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-doctor-it-'))
    env = { PATH: process.env.PATH, HOME: dataDir, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(dataDir, 'data') }
  })
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('finds no error in a healthy lab, and reads every area', async () => {
    const { code, report, stderr } = await doctor()
    expect(
      report.findings.filter((f) => f.severity === 'error'),
      stderr
    ).toEqual([])
    expect(report.unknown).toEqual([])
    // Warnings the lab has by design: its hosts run no time service, Kubedeck holds no etcd backup of it.
    expect(code).toBe(report.findings.some((f) => f.severity === 'warning') ? 1 : 0)
    expect(report.checks.map((c) => c.check)).toEqual(
      expect.arrayContaining(['api.server', 'api.instances', 'control-plane.leader', 'nodes', 'add-ons', 'hosts', 'certificates', 'etcd', 'workloads'])
    )
    console.log(`[doctor] healthy kubeadm-1: ${report.checks.length} checks in ${report.durationMs} ms`)
  })

  it('finds each planted fault with its subject, and nothing is left planted', async () => {
    const manifests = lab.hosts[0].paths.manifestsDir!
    const front = kubeadmPki('front-proxy-client')
    const csrDir = mkdtempSync(join(tmpdir(), 'kd-doctor-csr-'))
    try {
      // A namespace held by a ConfigMap's finalizer.
      await kubectl(lab, ['create', 'namespace', NS])
      await kubectl(lab, ['-n', NS, 'create', 'configmap', 'held'])
      await kubectl(lab, ['-n', NS, 'patch', 'configmap', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":["kubedeck.dev/hold"]}}'])
      await kubectl(lab, ['delete', 'namespace', NS, '--wait=false'])
      // An APIService whose Service does not exist.
      await kubectl(lab, ['apply', '-f', '-'], {
        input: `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: { name: v1.doctor.kubedeck.dev }
spec: { group: doctor.kubedeck.dev, version: v1, groupPriorityMinimum: 100, versionPriority: 10, insecureSkipTLSVerify: true, service: { namespace: default, name: kd-doctor-missing } }
`
      })
      // A pending CSR.
      execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kd-doctor', '-keyout', join(csrDir, 'k.pem'), '-out', join(csrDir, 'r.pem')], {
        stdio: 'ignore'
      })
      const request = Buffer.from(execFileSync('cat', [join(csrDir, 'r.pem')])).toString('base64')
      writeFileSync(
        join(csrDir, 'csr.yaml'),
        `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: { name: kd-doctor-csr }\nspec: { request: ${request}, signerName: kubernetes.io/kube-apiserver-client, usages: [client auth] }\n`
      )
      await kubectl(lab, ['apply', '-f', join(csrDir, 'csr.yaml')])
      // An expired certificate (front-proxy-client: only aggregated APIs use it).
      await ageCertificate(lab, lab.hosts[0].name, { ...front, notBefore: opensslTime(-400), notAfter: opensslTime(-3) })
      // A cordoned worker.
      await kubectl(lab, ['cordon', 'node-2'])
      // The scheduler's manifest moved away: the kubelet stops it.
      await hostRun(lab, lab.hosts[0].name, `mv ${manifests}/kube-scheduler.yaml /root/kube-scheduler.yaml.kd-doctor`)
      await expectEventually(async () => (await k('-n', 'kube-system', 'get', 'pods', '-l', 'component=kube-scheduler', '-o', 'name')) === '')

      const { code, report } = await doctor()
      expect(code).toBe(2)
      const has = (check: string, subject: string | RegExp, severity?: string) =>
        expect(
          report.findings.filter(
            (f) => f.check === check && (typeof subject === 'string' ? f.subject === subject : subject.test(f.subject)) && (!severity || f.severity === severity)
          ).length,
          `${check} ${subject}: ${JSON.stringify(report.findings.map((f) => [f.check, f.subject]))}`
        ).toBeGreaterThan(0)
      has('control-plane.manifests', 'kube-scheduler on node-1', 'error')
      has('workloads.namespace', `namespace/${NS}`, 'warning')
      expect(report.findings.find((f) => f.check === 'workloads.namespace')?.message).toContain('kubedeck.dev/hold')
      has('api.apiservices', 'apiservice/v1.doctor.kubedeck.dev', 'error')
      has('certificates.csr-pending', /kd-doctor-csr/)
      has('certificates.expired', /front-proxy-client/, 'error')
      has('nodes.cordoned', 'node-2', 'info')
      expect(report.findings.find((f) => f.check === 'nodes.cordoned')?.fix).toEqual({ kind: 'plan', plan: 'uncordon', node: 'node-2' })
    } finally {
      await hostRun(lab, lab.hosts[0].name, `[ -e /root/kube-scheduler.yaml.kd-doctor ] && mv /root/kube-scheduler.yaml.kd-doctor ${manifests}/kube-scheduler.yaml || true`)
      await kubectl(lab, ['uncordon', 'node-2'], { allowFailure: true })
      await unageCertificate(lab, lab.hosts[0].name, front.cert)
      await kubectl(lab, ['delete', 'csr', 'kd-doctor-csr', '--ignore-not-found'], { allowFailure: true })
      await kubectl(lab, ['delete', 'apiservice', 'v1.doctor.kubedeck.dev', '--ignore-not-found'], { allowFailure: true })
      await kubectl(lab, ['-n', NS, 'patch', 'configmap', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'], { allowFailure: true })
      rmSync(csrDir, { recursive: true, force: true })
      await expectEventually(
        async () => (await k('-n', 'kube-system', 'get', 'pods', '-l', 'component=kube-scheduler', '-o', 'jsonpath={.items[0].status.phase}')) === 'Running',
        120_000
      )
      await expectEventually(async () => (await kubectl(lab, ['get', 'namespace', NS], { allowFailure: true })).code !== 0, 120_000)
      await waitForApiServer(lab)
    }
  })

  it('prints a join command whose CA hash is openssl’s and whose token the API server accepts', async () => {
    const tokens = async () => (await k('-n', 'kube-system', 'get', 'secrets', '--field-selector=type=bootstrap.kubernetes.io/token', '-o', 'name')).split('\n').filter(Boolean)
    const before = new Set(await tokens())
    try {
      const r = await kd('join-command', '--context', lab.context, '--ttl', '10m', '-o', 'json')
      expect(r.code, r.stderr).toBe(0)
      const j = JSON.parse(r.stdout) as { command: string; token: string; caCertHash: string; endpoint: string }
      try {
        const ca = hostFile(lab, lab.hosts[0].name, `${lab.hosts[0].paths.pkiDir}/ca.crt`)
        const pub = execFileSync('openssl', ['x509', '-pubkey', '-noout', '-in', ca])
        const der = execFileSync('openssl', ['rsa', '-pubin', '-outform', 'der'], { input: pub, stdio: ['pipe', 'pipe', 'ignore'] })
        const hex = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der }).toString().trim().split(' ').pop()
        expect(j.caCertHash).toBe(`sha256:${hex}`)
        expect(j.command).toBe(`kubeadm join ${j.endpoint} --token ${j.token} --discovery-token-ca-cert-hash sha256:${hex}`)
        // The bootstrap authenticator knows the token: kubectl with nothing but it and the CA.
        const who = await kubectl(
          lab,
          [
            '--kubeconfig',
            '/dev/null',
            '--server',
            lab.apiServer,
            '--certificate-authority',
            ca,
            '--token',
            j.token,
            'auth',
            'whoami',
            '-o',
            'jsonpath={.status.userInfo.username}'
          ],
          {
            allowFailure: true
          }
        )
        expect(who.stdout.trim(), who.stderr).toBe(`system:bootstrap:${j.token.split('.')[0]}`)
        const listed = await kd('join-command', '--context', lab.context, '--list')
        expect(listed.stdout).toContain(j.token.split('.')[0])
        expect(listed.stdout).not.toContain(j.token.split('.')[1])
        // Revoked as a plan: the authenticator no longer knows it. A hostile id is refused before anything.
        const bad = await kd('join-command', '--context', lab.context, '--revoke', '$(touch /tmp/kd-pwned)', '--yes')
        expect(bad.code).toBe(1)
        expect(bad.stderr).toContain('is not a bootstrap token id')
        const revoked = await kd('join-command', '--context', lab.context, '--revoke', j.token.split('.')[0], '--yes')
        expect(revoked.code, revoked.stderr).toBe(0)
        expect((await kd('join-command', '--context', lab.context, '--list')).stdout).not.toContain(j.token.split('.')[0])
        // The authenticator reads tokens through an informer: give it a few seconds to see the deletion.
        const refused = async () =>
          (
            await kubectl(lab, ['--kubeconfig', '/dev/null', '--server', lab.apiServer, '--certificate-authority', ca, '--token', j.token, 'auth', 'whoami'], {
              allowFailure: true
            })
          ).code !== 0
        await expectEventually(refused, 30_000)
      } finally {
        await kubectl(lab, ['-n', 'kube-system', 'delete', 'secret', `bootstrap-token-${j.token.split('.')[0]}`, '--ignore-not-found'], { allowFailure: true })
      }
      const cp = await kd('join-command', '--context', lab.context, '--control-plane', '-F', lab.sshConfig, '--ttl', '10m', '-o', 'json')
      expect(cp.code, cp.stderr).toBe(0)
      const c = JSON.parse(cp.stdout) as { command: string; token: string; certificateKey: string }
      expect(c.command).toMatch(/ --control-plane --certificate-key [0-9a-f]{64}$/)
      expect(await k('-n', 'kube-system', 'get', 'secret', 'kubeadm-certs', '-o', 'name')).toBe('secret/kubeadm-certs')
    } finally {
      // Our tokens, and the one kubeadm made to own the uploaded certificates, go with them.
      const made = (await tokens()).filter((t) => !before.has(t))
      await kubectl(lab, ['-n', 'kube-system', 'delete', ...made, 'secret/kubeadm-certs', '--ignore-not-found'], { allowFailure: true })
    }
  })
})

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs / 1000} s`)
    await new Promise((r) => setTimeout(r, 1000))
  }
}
