// A binary install (systemd units, openssl-made PKI, the etcd CA key kept in /root/TLS on the
// first host): one member's etcd server certificate aged into the past, found, and re-signed
// by its CA on the host that keeps the CA key, with the same key, subject and SANs; the member
// is healthy again.
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CertInventory } from '../../../src/shared/model/certs'
import { ageCertificate, hostRun, labDown, labSkipReason, opensslTime, requireLab, type LabInfo } from '../../lab'
import { ensureBuilt } from '../../e2e/harness'
import { CERTS_LAB_INSTANCE, certsCli, type CertsCli } from './support'

const skip = labSkipReason()
const DAY = 86400_000
const SERVER = '/opt/etcd/ssl/server.pem'
const describeCert = (lab: LabInfo, host: string) =>
  hostRun(lab, host, `openssl x509 -in ${SERVER} -noout -subject -issuer -ext subjectAltName,keyUsage,extendedKeyUsage; openssl x509 -in ${SERVER} -noout -pubkey | openssl sha256`)

function memberHealthy(lab: LabInfo, endpoint: string): boolean {
  try {
    execFileSync(
      'etcdctl',
      [`--endpoints=${endpoint}`, `--cacert=${lab.etcd.caFile}`, `--cert=${lab.etcd.certFile}`, `--key=${lab.etcd.keyFile}`, '--dial-timeout=3s', 'endpoint', 'health'],
      { stdio: 'pipe', env: { ...process.env, ETCDCTL_API: '3' } }
    )
    return true
  } catch {
    return false
  }
}

describe.skipIf(!!skip)(`certificates on binary-3 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let cli: CertsCli

  beforeAll(async () => {
    ensureBuilt()
    lab = await requireLab('binary-3', { instance: CERTS_LAB_INSTANCE })
    cli = certsCli(lab)
  })
  afterAll(async () => {
    cli?.close()
    if (lab) await labDown(CERTS_LAB_INSTANCE)
  })

  it('re-signs an expired etcd server certificate with its CA on another host, keeping key, subject and SANs', async () => {
    const first = await cli.run(['certs', 'check', '-o', 'json'])
    expect(first.code, first.stderr).toBe(0)
    const healthy = JSON.parse(first.stdout) as CertInventory
    expect(healthy.hosts.map((h) => h.layout)).toEqual(['binary', 'binary', 'binary'])
    // Found through the etcd unit's flags, and who restarts after a renewal.
    expect(healthy.certificates.find((c) => c.host === lab.hosts[1].name && c.path === SERVER)).toMatchObject({ status: 'ok', keyMatches: true, usedBy: ['etcd'], chainOk: true })

    const member = lab.hosts[1]
    const endpoint = lab.etcd.members.find((m) => m.host === member.name)!.clientURL
    const before = await describeCert(lab, member.name)
    await ageCertificate(lab, member.name, {
      cert: SERVER,
      key: '/opt/etcd/ssl/server-key.pem',
      ca: '/root/TLS/etcd/ca.pem',
      caKey: '/root/TLS/etcd/ca-key.pem',
      caHost: lab.hosts[0].name,
      notBefore: opensslTime(-400),
      notAfter: opensslTime(-1)
    })

    const check = await cli.run(['certs', 'check', '-o', 'json'])
    expect(check.code).toBe(1)
    const inv = JSON.parse(check.stdout) as CertInventory
    expect(inv.certificates.filter((c) => c.status === 'expired' && c.source === 'file').map((c) => `${c.host}:${c.path}`)).toEqual([`${member.name}:${SERVER}`])

    const dry = await cli.run(['certs', 'renew', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    // Signed where the CA key is: the first host's /root/TLS.
    expect(dry.stdout).toMatch(new RegExp(`\\[${lab.hosts[0].name}\\] openssl x509 -req -in req.pem -CA /opt/etcd/ssl/ca.pem -CAkey /root/TLS/etcd/ca-key.pem`))

    const renew = await cli.run(['certs', 'renew', '--yes'])
    expect(renew.code, renew.stdout.slice(-3000) + renew.stderr).toBe(0)
    await expect.poll(() => memberHealthy(lab, endpoint), { timeout: 60_000, interval: 2000 }).toBe(true)
    const after = await describeCert(lab, member.name)
    // Same subject, issuer, SANs, usages and key: only the dates and serial changed.
    expect(after).toBe(before)
    const notAfter = Date.parse((await hostRun(lab, member.name, `openssl x509 -in ${SERVER} -noout -enddate`)).replace('notAfter=', '').trim())
    expect(notAfter - Date.now()).toBeGreaterThan(300 * DAY)
    const again = JSON.parse((await cli.run(['certs', 'check', '-o', 'json'])).stdout) as CertInventory
    expect(again.certificates.filter((c) => c.status === 'expired' || c.status === 'mismatch')).toEqual([])
  })
})
