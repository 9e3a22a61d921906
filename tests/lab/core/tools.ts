// The folder every host sees as /usr/local/sbin (first on root's PATH there): the stand-ins
// (systemctl, journalctl, sudo when the machine has none, the kubelet stand-in's launcher and
// container shim) and the cluster's own kubectl/kubeadm/etcdctl/etcdutl. It is the hosts'
// folder only: the machine's PATH never sees it (its kubectl 1.32 stays the oracle).
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
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
  const loader = fileURLToPath(import.meta.resolve('tsx'))
  writeFileSync(
    join(dir, 'lab-kubelet'),
    `#!/bin/bash\n# Starts the lab's kubelet stand-in (tests/lab/host/kubelet-standin.ts); it is not kubelet.\nexec ${process.execPath} --import ${loader} ${join(LAB_DIR, 'host', 'kubelet-standin.ts')} "$@"\n`,
    { mode: 0o755 }
  )
  return dir
}
