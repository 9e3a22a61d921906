// The certificate wizard on kubeadm-1 (one control plane, one worker), against the real thing:
// kubeadm's own check-expiration as the oracle on the host, the API server serving a
// certificate aged into the past, kubectl with CA verification, and the controller manager
// signing a kubelet's CSR. Renewal through the built CLI; faults (a wrong CA key, a read-only
// /etc/kubernetes, SSH cut mid-step then resume or roll back) through the services in-process.
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hintFor } from '../../../src/shared/log-hints'
import type { CertInventory } from '../../../src/shared/model/certs'
import type { Services } from '../../../src/main/composition'
import { ageCertificate, hostRun, kubeadmPki, kubectl, labDown, labSkipReason, opensslTime, requireLab, type LabInfo } from '../../lab'
import { ensureBuilt } from '../../e2e/harness'
import { killWhenStepStarts } from '../../kits/ssh-faults'
import { CERTS_LAB_INSTANCE, certsCli, certsServices, disagreements, kubeadmExpiration, kubectlWorks, servedCertificate, type CertsCli } from './support'

const skip = labSkipReason()
const DAY = 86400_000
const fingerprint = async (lab: LabInfo, host: string, file: string) => (await hostRun(lab, host, `openssl x509 -in ${file} -noout -fingerprint -sha256`)).trim()

describe.skipIf(!!skip)(`certificates on kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let cli: CertsCli
  let cp: string
  let worker: string

  beforeAll(async () => {
    ensureBuilt()
    lab = await requireLab('kubeadm-1', { instance: CERTS_LAB_INSTANCE })
    cp = lab.hosts.find((h) => h.roles.includes('control-plane'))!.name
    worker = lab.hosts.find((h) => !h.roles.includes('control-plane'))!.name
    // The user's kubeconfig is a copy: --update-kubeconfig writes to it.
    cli = certsCli(lab)
    const kubeconfig = join(cli.work, 'kubeconfig')
    copyFileSync(lab.kubeconfig, kubeconfig)
    cli.env.KUBECONFIG = kubeconfig
  })
  afterAll(async () => {
    cli?.close()
    if (lab) await labDown(CERTS_LAB_INSTANCE)
  })

  it('reads every host and agrees with kubeadm on the control plane', async () => {
    const r = await cli.run(['certs', 'check', '-o', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const inv = JSON.parse(r.stdout) as CertInventory
    expect(inv.hosts.map((h) => [h.id, h.layout, h.reachable])).toEqual([
      [cp, 'kubeadm', true],
      [worker, 'worker', true]
    ])
    expect(disagreements(inv, cp, await kubeadmExpiration(lab, cp))).toEqual([])
    // What kubeadm does not list: the kubelet's files, what the servers present, the user's own certificate.
    expect(inv.certificates.filter((c) => c.host === worker).map((c) => c.name)).toEqual(expect.arrayContaining(['ca', 'kubelet', 'kubelet.conf']))
    expect(
      inv.certificates
        .filter((c) => c.source === 'served' && c.host === cp)
        .map((c) => c.path.split(':').pop())
        .sort()
    ).toEqual(['10250', '2379', '2380', '6443'])
    expect(inv.certificates.find((c) => c.source === 'local')).toMatchObject({ host: 'this machine', status: 'ok', keyMatches: true })
    for (const c of inv.certificates.filter((x) => x.status !== 'missing' && x.host === cp)) expect(c.keyMatches === null || c.keyMatches, c.name).toBe(true)
    expect(inv.findings.map((f) => f.code)).toContain('kubelet-conf-embedded')
  })

  it('finds an expired API server certificate with the API down, agrees with kubeadm, renews it and gives the context a new certificate', async () => {
    for (const n of ['apiserver', 'apiserver-kubelet-client'] as const)
      await ageCertificate(lab, cp, { ...kubeadmPki(n), notBefore: opensslTime(-400), notAfter: opensslTime(-35) })
    // The API server reloads its serving certificate from disk: kubectl now fails as users see it.
    await expect.poll(async () => (await kubectlWorks(lab)).output, { timeout: 90_000, interval: 2000 }).toMatch(/certificate has expired/)
    // The log viewer's hint knows the line kubectl really printed.
    const line = (await kubectlWorks(lab)).output.split('\n').find((l) => l.includes('certificate has expired'))!
    expect(hintFor(line)?.id, line).toBe('x509-expired')

    const check = await cli.run(['certs', 'check', '-o', 'json'])
    expect(check.code, check.stderr).toBe(1)
    const inv = JSON.parse(check.stdout) as CertInventory
    // The API server cannot be asked for its nodes: the hosts remembered from the last check are read.
    expect(inv.notes.join('\n')).toMatch(/did not answer.*remembered/)
    expect(disagreements(inv, cp, await kubeadmExpiration(lab, cp))).toEqual([])
    for (const name of ['apiserver', 'apiserver-kubelet-client']) expect(inv.certificates.find((c) => c.host === cp && c.name === name)?.status).toBe('expired')
    expect(inv.certificates.find((c) => c.host === cp && c.source === 'served' && c.name.startsWith('apiserver'))?.status).toBe('expired')
    expect(
      inv.findings
        .filter((f) => f.code === 'expired')
        .map((f) => f.subject)
        .sort()
    ).toEqual(['apiserver', 'apiserver-kubelet-client'])
    for (const c of inv.certificates) expect(c.subject + c.path).not.toMatch(/PRIVATE KEY/)

    const before = readFileSync(cli.env.KUBECONFIG!, 'utf8')
    const renew = await cli.run(['certs', 'renew', '--update-kubeconfig', '--yes'])
    expect(renew.code, renew.stdout + renew.stderr).toBe(0)
    expect(renew.stdout).toMatch(/succeeded/)

    expect(await kubectlWorks(lab)).toMatchObject({ ok: true })
    const served = await servedCertificate(lab, lab.hosts.find((h) => h.name === cp)!.address, 6443)
    const left = Date.parse(served.validTo) - Date.now()
    expect(left).toBeGreaterThan(360 * DAY)
    expect(left).toBeLessThan(366 * DAY)
    const after = await kubeadmExpiration(lab, cp)
    for (const c of after.certificates.filter((x) => !x.missing)) expect(c.residualTime, c.name).toBeGreaterThan(360 * 86400)
    const again = JSON.parse((await cli.run(['certs', 'check', '-o', 'json'])).stdout) as CertInventory
    expect(disagreements(again, cp, after)).toEqual([])

    // The context's user got a new client certificate (a key made here), and kubectl works with it.
    const now = readFileSync(cli.env.KUBECONFIG!, 'utf8')
    expect(now).not.toBe(before)
    const data = /client-certificate-data: (\S+)/.exec(now)![1]
    const cert = new X509Certificate(Buffer.from(data, 'base64'))
    expect(Date.parse(cert.validTo) - Date.now()).toBeGreaterThan(360 * DAY)
    const own = await kubectl({ ...lab, kubeconfig: cli.env.KUBECONFIG! }, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])
    expect(own.stdout).toBe(cert.subject.match(/CN=([^\n]+)/)![1])
  })

  it('rotates a worker kubelet client certificate through a CSR the controller manager signs', async () => {
    const r = await cli.run(['certs', 'rotate-kubelet', '--node', worker, '--yes'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const link = (await hostRun(lab, worker, 'readlink /var/lib/kubelet/pki/kubelet-client-current.pem')).trim()
    expect(link).toMatch(/^\/var\/lib\/kubelet\/pki\/kubelet-client-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.pem$/)
    const subject = await hostRun(lab, worker, 'openssl x509 -in /var/lib/kubelet/pki/kubelet-client-current.pem -noout -subject -issuer')
    expect(subject).toMatch(new RegExp(`CN ?= ?system:node:${worker}`))
    const conf = await hostRun(lab, worker, 'cat /etc/kubernetes/kubelet.conf')
    expect(conf).toMatch(/client-certificate: \/var\/lib\/kubelet\/pki\/kubelet-client-current\.pem/)
    expect(conf).not.toMatch(/client-(certificate|key)-data/)
    const csrs = await kubectl(lab, ['get', 'csr', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.conditions[0].type}{"\\n"}{end}'])
    expect(csrs.stdout).toMatch(new RegExp(`kubedeck-${worker}-\\S+ Approved`))
    // The node's own credentials work against the API server (kubectl with kubelet.conf on the node).
    const me = await hostRun(lab, worker, 'kubectl --kubeconfig /etc/kubernetes/kubelet.conf auth whoami -o jsonpath={.status.userInfo.username}')
    expect(me.trim()).toBe(`system:node:${worker}`)
    const inv = JSON.parse((await cli.run(['certs', 'check', '-o', 'json'])).stdout) as CertInventory
    expect(inv.findings.find((f) => f.code === 'kubelet-conf-embedded' && f.host === worker)).toBeUndefined()
    expect(inv.certificates.find((c) => c.host === worker && c.name === 'kubelet-client')).toMatchObject({ status: 'ok', keyMatches: true })
  })

  describe('faults', () => {
    let svc: Services
    beforeAll(async () => {
      svc = await certsServices(lab, cli)
    })
    afterAll(async () => {
      await svc?.close()
    })
    const context = () => ({ file: cli.env.KUBECONFIG!, name: lab.context })

    it('refuses a CA key that is not the CA’s in pre-flight, changing nothing', async () => {
      const fp = await fingerprint(lab, cp, '/etc/kubernetes/pki/apiserver.crt')
      await hostRun(lab, cp, 'cp -a /etc/kubernetes/pki/ca.key /root/ca.key.lab && openssl genrsa -out /etc/kubernetes/pki/ca.key 2048 2>/dev/null')
      try {
        const op = await svc.certs.planRenew(context(), { hosts: [cp], only: ['apiserver'] })
        const done = await svc.operations.runToEnd(op.id, 'run', op.plan.confirmText)
        expect(done.state).toBe('refused')
        expect(done.error).toMatch(/ca\.key is missing or is not the key of \/etc\/kubernetes\/pki\/ca\.crt/)
        expect(await fingerprint(lab, cp, '/etc/kubernetes/pki/apiserver.crt')).toBe(fp)
      } finally {
        await hostRun(lab, cp, 'mv -f /root/ca.key.lab /etc/kubernetes/pki/ca.key')
      }
    })

    it('refuses a read-only /etc/kubernetes before changing anything', async () => {
      const fp = await fingerprint(lab, cp, '/etc/kubernetes/pki/apiserver.crt')
      await hostRun(lab, cp, 'mount --bind /etc/kubernetes /etc/kubernetes && mount -o remount,bind,ro /etc/kubernetes')
      try {
        const op = await svc.certs.planRenew(context(), { hosts: [cp] })
        const done = await svc.operations.runToEnd(op.id, 'run', op.plan.confirmText)
        expect(done.state).toBe('refused')
        expect(done.error).toMatch(/\/etc\/kubernetes is not writable/)
      } finally {
        await hostRun(lab, cp, 'umount /etc/kubernetes')
      }
      expect(await fingerprint(lab, cp, '/etc/kubernetes/pki/apiserver.crt')).toBe(fp)
    })

    it('survives SSH cut while the API server restarts: resumed, the cluster works with the renewed certificate', async () => {
      await ageCertificate(lab, cp, { ...kubeadmPki('apiserver'), notBefore: opensslTime(-355), notAfter: opensslTime(10) })
      const op = await svc.certs.planRenew(context(), { hosts: [cp], only: ['apiserver'] })
      const killed = killWhenStepStarts(svc.operations, lab, `restart-kube-apiserver:${cp}`, cp)
      const first = await svc.operations.runToEnd(op.id, 'run', op.plan.confirmText)
      expect(await killed).toBeGreaterThan(0)
      expect(['failed', 'interrupted']).toContain(first.state)
      const resumed = await svc.operations.runToEnd(op.id, 'resume', op.plan.confirmText)
      expect(resumed.state, resumed.error).toBe('succeeded')
      expect(await kubectlWorks(lab)).toMatchObject({ ok: true })
      const served = await servedCertificate(lab, lab.hosts.find((h) => h.name === cp)!.address, 6443)
      expect(Date.parse(served.validTo) - Date.now()).toBeGreaterThan(360 * DAY)
    })

    it('survives SSH cut while the API server restarts: rolled back, the old certificate is back and served', async () => {
      await ageCertificate(lab, cp, { ...kubeadmPki('apiserver'), notBefore: opensslTime(-355), notAfter: opensslTime(10) })
      const aged = await fingerprint(lab, cp, '/etc/kubernetes/pki/apiserver.crt')
      const op = await svc.certs.planRenew(context(), { hosts: [cp], only: ['apiserver'] })
      const killed = killWhenStepStarts(svc.operations, lab, `restart-kube-apiserver:${cp}`, cp)
      const first = await svc.operations.runToEnd(op.id, 'run', op.plan.confirmText)
      expect(await killed).toBeGreaterThan(0)
      expect(['failed', 'interrupted']).toContain(first.state)
      const back = await svc.operations.runToEnd(op.id, 'rollback', op.plan.confirmText)
      expect(back.state, back.error).toBe('rolled-back')
      expect(await fingerprint(lab, cp, '/etc/kubernetes/pki/apiserver.crt')).toBe(aged)
      await expect.poll(async () => (await kubectlWorks(lab)).ok, { timeout: 120_000, interval: 2000 }).toBe(true)
      const served = await servedCertificate(lab, lab.hosts.find((h) => h.name === cp)!.address, 6443)
      expect(`sha256 Fingerprint=${served.fingerprint256}`).toBe(aged.replace(/^SHA256/i, 'sha256'))
    })
  })
})
