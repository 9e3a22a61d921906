import type { InventoryHost, SshTarget } from '@shared/model/ssh'

/** `user@hostname:port` as a connection will use it (resolved), else the target as given. */
export function targetText(host: InventoryHost): string {
  const r = host.resolved
  if (r) return `${r.user}@${r.hostname}${r.port === 22 ? '' : `:${r.port}`}`
  const t = host.target
  return `${t.user ? `${t.user}@` : ''}${t.host}${t.port ? `:${t.port}` : ''}`
}

/** The overrides of a target in ssh's command-line form, for tooltips (`-l u -p 2222 -J bastion host`). */
export function targetArgs(t: SshTarget): string {
  return [t.user && `-l ${t.user}`, t.port && `-p ${t.port}`, t.identityFile && `-i ${t.identityFile}`, t.proxyJump && `-J ${t.proxyJump}`, t.host].filter(Boolean).join(' ')
}

/** Field values of a form → a target (empty means "from the ssh config"), or the first problem. */
export function parseTargetForm(f: { host: string; user: string; port: string; identityFile: string; proxyJump: string }):
  | { ok: true; target: SshTarget }
  | { ok: false; field: 'host' | 'user' | 'port' | 'proxyJump'; problem: 'hostRequired' | 'badPort' | 'noSpaces' } {
  const host = f.host.trim()
  if (!host) return { ok: false, field: 'host', problem: 'hostRequired' }
  if (/\s/.test(host)) return { ok: false, field: 'host', problem: 'noSpaces' }
  const user = f.user.trim()
  if (/\s/.test(user)) return { ok: false, field: 'user', problem: 'noSpaces' }
  const proxyJump = f.proxyJump.trim()
  if (/\s/.test(proxyJump)) return { ok: false, field: 'proxyJump', problem: 'noSpaces' }
  let port: number | undefined
  if (f.port.trim()) {
    port = Number(f.port.trim())
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, field: 'port', problem: 'badPort' }
  }
  const identityFile = f.identityFile.trim()
  return {
    ok: true,
    target: { host, ...(user ? { user } : {}), ...(port ? { port } : {}), ...(identityFile ? { identityFile } : {}), ...(proxyJump ? { proxyJump } : {}) }
  }
}
