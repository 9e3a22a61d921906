// The client certificates of the user's own kubeconfig contexts that talk to the cluster's API
// server: the one that goes first the day after a renewal nobody told the laptop about. Keys
// are read in this (main) process only to check they belong to their certificate.
import { createPrivateKey, type X509Certificate } from 'node:crypto'
import type { KubeConfig } from '@kubernetes/client-node'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { parsedEntry, readPem, type ParsedCert } from './entries'

export const THIS_MACHINE = 'this machine'

function keyMatches(cert: X509Certificate, keyData: string | undefined): boolean | null {
  if (!keyData) return null
  try {
    return cert.checkPrivateKey(createPrivateKey(Buffer.from(keyData, 'base64')))
  } catch {
    return false
  }
}

export async function localCertificates(contexts: ContextRef[], kubeConfigFor: (ref: ContextRef) => Promise<KubeConfig>, now = Date.now()): Promise<ParsedCert[]> {
  const seen = new Set<string>()
  const out: ParsedCert[] = []
  for (const ref of contexts) {
    const kc = await kubeConfigFor(ref).catch(() => null)
    const user = kc?.getCurrentUser()
    if (!user?.certData) continue
    const x = readPem(Buffer.from(user.certData, 'base64').toString('utf8'))
    if (!x || seen.has(x.fingerprint256 + ref.file + user.name)) continue
    seen.add(x.fingerprint256 + ref.file + user.name)
    out.push(
      parsedEntry(
        x,
        { host: THIS_MACHINE, name: `${user.name} (context ${ref.name})`, source: 'local', path: `${ref.file}#${user.name}`, managedBy: 'manual', usedBy: [`kubectl --context ${ref.name}`], keyMatches: keyMatches(x, user.keyData) },
        now
      )
    )
  }
  return out
}
