// The folder every host sees as /usr/local/sbin (first on root's PATH there): the stand-ins
// (systemctl, journalctl, sudo when the machine has none, the kubelet stand-in's launcher and
// container shim) and the cluster's own kubectl/kubeadm/etcdctl/etcdutl. It is the hosts'
// folder only: the machine's PATH never sees it (its kubectl 1.32 stays the oracle).
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import type { EtcdVariant } from '../index'
import { LAB_DIR } from './host'

export function makeToolsDir(stateDir: string, binDir: string, etcd: EtcdVariant): string {
  const dir = join(stateDir, 'tools')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const src = join(LAB_DIR, 'host', 'bin')
  for (const f of readdirSync(src)) {
    if (f === 'sudo' && existsSync('/usr/bin/sudo')) continue
    copyFileSync(join(src, f), join(dir, f))
  }
  const links = ['kubectl', 'kubeadm', ...(etcd === '3.6' ? ['etcdctl', 'etcdutl'] : [])]
  for (const b of links) symlinkSync(join(binDir, b), join(dir, b))
  bundleHostProgram('kubelet-standin.ts', join(dir, 'lab-kubelet.cjs'))
  bundleHostProgram('relay.ts', join(dir, RELAY_PROGRAM))
  writeFileSync(
    join(dir, 'lab-kubelet'),
    `#!/bin/bash\n# Starts the lab's kubelet stand-in (tests/lab/host/kubelet-standin.ts); it is not kubelet.\nexec ${process.execPath} /usr/local/sbin/lab-kubelet.cjs "$@"\n`,
    { mode: 0o755 }
  )
  return dir
}

/** The relay (host/relay.ts) as bundled into the tools folder: /usr/local/sbin/lab-relay.cjs on a host. */
export const RELAY_PROGRAM = 'lab-relay.cjs'

/**
 * Bundles one of the lab's TypeScript host programs (tests/lab/host) with its dependencies into
 * a single script. A host sees neither the repository nor node_modules (its /root, /home, /tmp
 * and /opt are private, and a checkout may live in any of them), only the tools folder.
 */
function bundleHostProgram(entry: string, outfile: string): void {
  buildSync({ entryPoints: [join(LAB_DIR, 'host', entry)], outfile, bundle: true, platform: 'node', format: 'cjs', target: `node${process.versions.node.split('.')[0]}`, logLevel: 'error' })
}
