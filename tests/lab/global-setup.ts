// vitest globalSetup for the integration and e2e projects. Suites share one lab (built on
// demand by ensureLab/requireLab in each file), so this never brings it down. It fails fast,
// with CI set, when the lab cannot run at all: not root, tools or binaries missing.
import { existsSync } from 'node:fs'
import { labBinDir } from './index'

const MACHINE_TOOLS = ['/usr/sbin/sshd', '/usr/bin/ssh-keygen', '/usr/sbin/ip', '/usr/bin/nsenter', '/usr/bin/unshare', '/usr/bin/perl', '/usr/bin/openssl', '/usr/bin/etcd', '/usr/bin/etcdctl']

export default async function setup(): Promise<void> {
  const ci = !!process.env.CI
  if (process.getuid?.() !== 0) {
    if (ci) throw new Error('lab: the integration and e2e tests need root (they build network namespaces and run sshd/etcd in them); CI is set, so they cannot be skipped. Run the tests as root.')
    console.warn('lab: not root: tests that need the lab will be skipped (set CI=1 to make that a failure)')
    return
  }
  const missing = MACHINE_TOOLS.filter((t) => !existsSync(t))
  if (missing.length) {
    const msg = `lab: missing on this machine: ${missing.join(', ')} (scripts/install-test-deps.sh installs them)`
    if (ci) throw new Error(msg)
    console.warn(msg)
  }
  // Resolves (and, without KUBEDECK_LAB_BIN, builds or finds cached) the lab's binaries once,
  // so every test file shares them; throws naming what is missing.
  process.env.KUBEDECK_LAB_BIN = await labBinDir()
}
