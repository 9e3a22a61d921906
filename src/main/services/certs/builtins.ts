// The certificate domain's part of the operations engine: how plan hosts are reached (the SSH
// service, with the plan's ssh config) and the steps no single remote command expresses: a
// re-sign whose request, signature and install may be on two hosts, a kubelet client rotation
// through the API, a CSR decision, /readyz checked against the CA without client credentials,
// and a fresh client certificate for the user's own kubeconfig.
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { KubeConfig } from '@kubernetes/client-node'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { toErrorInfo } from '../../../shared/errors'
import { implement, pause, type BuiltinContext, type BuiltinOutcome, type OperationDomain } from '../operations'
import { script, sh, type ShellCommand } from '../shell'
import { sshHostTargetSchema, type HostSession, type SshHostTarget, type SshInteraction } from '../ssh'
import { clientNode, pollReadyz } from '../kube'
import { decideCsr, issuedCertificate, submitCsr } from './csr'
import { readPem } from './entries'
import { certSteps } from './steps'
import { extensionDifferences, keptExtensions, newKeyAndCsr } from './x509'

export interface CertsDomainDeps {
  openSession(target: SshHostTarget, audit: { context: string; purpose: string }, signal: AbortSignal, asker?: SshInteraction): Promise<HostSession>
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  /** Writes a client certificate and key into the context's user (kubeconfig service: atomic, undoable). */
  setClientCertificate(context: ContextRef, o: { certPem: string; keyPem: string; reason: string }): Promise<{ file: string; user: string }>
  /** Puts back the version saved before the write made with `reason`; false when there was none. */
  restoreBefore(context: ContextRef, reason: string): Promise<{ file: string } | null>
}

type Ctx = BuiltinContext<HostSession>
const fail = (error: string, output?: string): BuiltinOutcome => ({ ok: false, error, output })
const lastLine = (s: string) => s.trim().split('\n').filter(Boolean).pop() ?? ''

/** Runs as root on a plan host; throws with the host, what was done and the last error line when it fails. */
async function onHost(ctx: Ctx, host: string, command: ShellCommand, what: string, stdin?: string): Promise<string> {
  const s = await ctx.host(host)
  const r = await s.run(command, { sudo: true, stdin, timeoutMs: 120_000, signal: ctx.signal, audit: { context: ctx.plan.context.name, purpose: `${ctx.plan.kind}: ${what}` } })
  if (r.exitCode !== 0) throw new Error(`${what} on ${ctx.plan.hosts[host]?.label ?? host} failed: ${lastLine(r.stderr) || lastLine(r.stdout) || `exit ${r.exitCode}`}`)
  return r.stdout
}

const pemBlock = (text: string, label: string): string | null => new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`).exec(text)?.[0] ?? null

/** Signs a CSR (PEM) with a CA on a host; the CSR and extfile go through files in a private temp folder. */
export function signOnHost(o: { caCert: string; caKey: string; days: number; csr: string; extfile: string }): ShellCommand {
  const serial =
    '0x' +
    randomBytes(16)
      .toString('hex')
      .replace(/^[89a-f]/, '1')
  return script(
    sh`set -eu; umask 077; T=$(mktemp -d); trap 'rm -rf "$T"' EXIT`,
    sh`printf '%s\\n' ${o.csr} > "$T/req.pem"`,
    sh`printf '%s' ${o.extfile} > "$T/ext.cnf"`,
    sh`openssl x509 -req -in "$T/req.pem" -CA ${o.caCert} -CAkey ${o.caKey} -set_serial ${serial} -days ${o.days} -sha256 -extfile "$T/ext.cnf" -extensions kubedeck`
  )
}

/** Replaces a file's content atomically, keeping its owner and mode (through a link to its target). */
function installFile(path: string, content: string): ShellCommand {
  return script(
    sh`set -eu; F=$(readlink -f ${path}); umask 077`,
    sh`printf '%s\\n' ${content} > "$F.kubedeck-new"`,
    sh`chown --reference="$F" "$F.kubedeck-new" 2>/dev/null || true; chmod --reference="$F" "$F.kubedeck-new" 2>/dev/null || true`,
    sh`mv -f "$F.kubedeck-new" "$F"`,
    sh`openssl x509 -in "$F" -noout -fingerprint -sha256`
  )
}

export function certsOperationDomain(deps: CertsDomainDeps): OperationDomain<HostSession, SshHostTarget, SshInteraction> {
  return {
    target: sshHostTargetSchema,
    connect: (_id, host, plan, signal, asker) => deps.openSession(host.target, { context: plan.context.name, purpose: plan.kind }, signal, asker),
    builtins: [
      implement(certSteps.resign, async (a, ctx: Ctx) => {
        const oldPem = pemBlock(await onHost(ctx, a.host, sh`cat ${a.cert}`, `reading ${a.cert}`), 'CERTIFICATE')
        const caPem = pemBlock(await onHost(ctx, a.caHost, sh`cat ${a.caCert}`, `reading ${a.caCert}`), 'CERTIFICATE')
        if (!oldPem || !caPem) return fail(`${oldPem ? a.caCert : a.cert} holds no certificate.`)
        const old = new X509Certificate(oldPem)
        const ca = new X509Certificate(caPem)
        const csr = pemBlock(
          await onHost(ctx, a.host, sh`openssl x509 -x509toreq -in ${a.cert} -signkey ${a.key}`, `making a request from ${a.cert} and its key`),
          'CERTIFICATE REQUEST'
        )
        if (!csr) return fail(`openssl made no request from ${a.cert} on ${a.host}.`)
        const signed = pemBlock(
          await onHost(ctx, a.caHost, signOnHost({ caCert: a.caCert, caKey: a.caKey, days: a.days, csr, extfile: a.extfile }), `signing with ${a.caKey}`),
          'CERTIFICATE'
        )
        if (!signed) return fail(`openssl printed no certificate when signing on ${a.caHost}.`)
        const fresh = new X509Certificate(signed)
        // What must not change, checked here before the file is touched.
        const problems = [
          ...(fresh.subject !== old.subject ? [`subject ${old.subject} became ${fresh.subject}`] : []),
          ...(!fresh.publicKey.equals(old.publicKey) ? ['the key changed'] : []),
          ...(!fresh.verify(ca.publicKey) ? [`it does not verify against ${a.caCert}`] : []),
          ...extensionDifferences(keptExtensions(oldPem), keptExtensions(signed))
        ]
        if (problems.length) return fail(`The re-signed ${a.cert} is not the same certificate renewed: ${problems.join('; ')}. Nothing was installed.`)
        const printed = await onHost(ctx, a.host, installFile(a.cert, signed), `installing ${a.cert}`)
        if (!printed.replace(/:/g, '').toUpperCase().includes(fresh.fingerprint256.replace(/:/g, '')))
          return fail(`${a.cert} on ${a.host} does not read back as the new certificate.`)
        const out = `${a.cert}: ${fresh.subject.replace(/\n/g, ', ')}, serial ${fresh.serialNumber}, valid ${fresh.validFrom} – ${fresh.validTo}; key, subject, SANs and usages unchanged\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(certSteps.readyz, async (a, ctx: Ctx) => {
        const where = a.server ?? 'The API server'
        const r = await pollReadyz(await deps.kubeConfigFor(a.context), {
          timeoutMs: a.timeoutMs,
          signal: ctx.signal,
          pause,
          anonymous: true,
          server: a.server,
          report: (l) => ctx.stdout(l + '\n')
        })
        if (!r.ok) return fail(`${where} did not answer /readyz with a certificate the cluster CA verifies: ${r.last}`)
        const out = `${where}: /readyz ok, its certificate verified against the cluster CA (no client credentials sent)\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(certSteps.kubeletClient, async (a, ctx: Ctx) => {
        const key = `${a.pkiDir}/kubedeck-${a.stamp}.key`
        const csr = pemBlock(
          await onHost(
            ctx,
            a.host,
            script(
              sh`set -eu; umask 077; mkdir -p ${a.pkiDir}`,
              // Kept across a resume: the same key, so a CSR already signed still fits it.
              sh`[ -s ${key} ] || openssl ecparam -name prime256v1 -genkey -noout -out ${key}`,
              sh`openssl req -new -key ${key} -subj ${`/O=system:nodes/CN=system:node:${a.node}`}`
            ),
            'making the kubelet key and request'
          ),
          'CERTIFICATE REQUEST'
        )
        if (!csr) return fail(`openssl made no request on ${a.host}.`)
        const kc = await deps.kubeConfigFor(a.context)
        const name = `kubedeck-${a.node}-${a.stamp}`.slice(0, 253)
        let issued = await issuedCertificate(kc, name).catch(() => null)
        if (!issued) {
          await submitCsr(kc, { name, pem: csr, signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] })
          ctx.stdout(`CSR ${name} submitted for system:node:${a.node}\n`)
          issued = { pem: null, condition: 'Pending' }
        }
        if (issued.condition === 'Pending') {
          await decideCsr(kc, name, 'approve', `Kubelet client certificate rotation by Kubedeck (${ctx.plan.kind})`)
          ctx.stdout(`CSR ${name} approved\n`)
        }
        const deadline = Date.now() + a.timeoutMs
        while (!issued.pem) {
          if (issued.condition === 'Denied' || issued.condition === 'Failed') return fail(`CSR ${name} was ${issued.condition.toLowerCase()}.`)
          if (Date.now() > deadline || ctx.signal.aborted) {
            return fail(
              `CSR ${name} was approved but nobody signed it within ${Math.round(a.timeoutMs / 1000)} s: the controller manager signs kubelet client certificates when it runs with --cluster-signing-cert-file and --cluster-signing-key-file (kubeadm sets both).`
            )
          }
          await pause(1000, ctx.signal)
          issued = await issuedCertificate(kc, name)
        }
        const cert = readPem(issued.pem)
        if (!cert) return fail(`CSR ${name} holds no readable certificate.`)
        ctx.stdout(`signed by ${cert.issuer.replace(/\n/g, ', ')}, valid until ${cert.validTo}\n`)
        // kubelet's own naming: kubelet-client-2026-12-06-01-55-40.pem
        const file = `${a.pkiDir}/kubelet-client-${a.stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3-$4-$5-$6')}.pem`
        const current = `${a.pkiDir}/kubelet-client-current.pem`
        const printed = await onHost(
          ctx,
          a.host,
          script(
            sh`set -eu; umask 077`,
            // kubelet's own layout: certificate then key in one file, `current` a link to it.
            sh`{ printf '%s\\n' ${issued.pem.trim()}; cat ${key}; } > ${file + '.tmp'}`,
            sh`a=$(openssl x509 -in ${file + '.tmp'} -noout -pubkey | openssl sha256); b=$(openssl pkey -in ${key} -pubout | openssl sha256); [ "$a" = "$b" ] || { echo "the signed certificate is not for the node's key" >&2; exit 1; }`,
            sh`mv -f ${file + '.tmp'} ${file}`,
            sh`ln -sfn ${file} ${current + '.tmp'} && mv -Tf ${current + '.tmp'} ${current}`,
            sh`rm -f ${key}`,
            sh`readlink ${current}`
          ),
          'installing the kubelet client certificate'
        )
        const out = `${current} → ${printed.trim()}\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(certSteps.csrDecision, async (a, ctx: Ctx) => {
        const e = await decideCsr(await deps.kubeConfigFor(a.context), a.name, a.decision, `${a.decision === 'approve' ? 'Approved' : 'Denied'} in Kubedeck`)
        const out = `CSR ${e.name} (${e.signerName}, from ${e.requestor}): ${e.condition}${e.issued ? ', certificate issued' : ''}\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(certSteps.localClientCert, async (a, ctx: Ctx) => {
        const { keyPem, csrPem } = await newKeyAndCsr(a.subject)
        const extfile = [
          '[kubedeck]',
          'basicConstraints = critical, CA:FALSE',
          'keyUsage = critical, digitalSignature, keyEncipherment',
          'extendedKeyUsage = clientAuth',
          'authorityKeyIdentifier = keyid',
          ''
        ].join('\n')
        const signed = pemBlock(
          await onHost(ctx, a.host, signOnHost({ caCert: a.caCert, caKey: a.caKey, days: a.days, csr: csrPem, extfile }), 'signing your client certificate'),
          'CERTIFICATE'
        )
        const cert = signed ? readPem(signed) : null
        if (!signed || !cert) return fail(`openssl printed no certificate on ${a.host}.`)
        if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return fail('The signed certificate is not for the key made here; the kubeconfig was not changed.')
        const w = await deps.setClientCertificate(a.context, { certPem: signed + '\n', keyPem, reason: a.reason })
        ctx.stdout(`${w.file}: user ${w.user} now has a client certificate for ${a.subject} until ${cert.validTo} (the key was made on this machine)\n`)
        // The new credential must work before the step counts as done.
        try {
          const { CoreV1Api } = await clientNode()
          await (await deps.kubeConfigFor(a.context)).makeApiClient(CoreV1Api).listNamespace({ limit: 1 })
        } catch (e) {
          await deps.restoreBefore(a.context, a.reason)
          return fail(`The API server refused the new client certificate (${toErrorInfo(e).message}); ${w.file} was put back as it was.`)
        }
        const out = `kubectl with context ${a.context.name} works with the new certificate\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(certSteps.contextWorks, async (a, ctx: Ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        const user = kc.getCurrentUser()
        const pem = user?.certData ? Buffer.from(user.certData, 'base64').toString('utf8') : user?.certFile ? await readFile(user.certFile, 'utf8').catch(() => '') : ''
        const cert = pem ? readPem(pem) : null
        if (!cert) return fail(`Context ${a.context.name} has no client certificate in ${a.context.file}.`)
        const left = (Date.parse(cert.validTo) - Date.now()) / 86_400_000
        if (left < a.days) return fail(`The client certificate of context ${a.context.name} is valid until ${cert.validTo}, less than ${a.days} more days.`)
        try {
          const { CoreV1Api } = await clientNode()
          await kc.makeApiClient(CoreV1Api).listNamespace({ limit: 1 })
        } catch (e) {
          return fail(`The API server refused the client certificate of context ${a.context.name}: ${toErrorInfo(e).message}`)
        }
        const out = `context ${a.context.name}: client certificate valid until ${cert.validTo}; the API server accepts it\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(certSteps.restoreLocalKubeconfig, async (a, ctx: Ctx) => {
        const r = await deps.restoreBefore(a.context, a.reason)
        const out = r ? `${r.file} put back as it was before the new client certificate\n` : 'the kubeconfig was not changed by this operation: nothing to put back\n'
        ctx.stdout(out)
        return { ok: true, output: out }
      })
    ]
  }
}
