// The fail-not-skip rule for tests that need the lab: with CI set they must run and fail
// when the lab cannot start; without CI, a non-root run may skip them, saying why.
import type { LabInfo, LabOptions, Topology } from '../index'
import { LabError } from './errors'
import { ensureLab } from './lifecycle'

/**
 * Why lab tests cannot run here, or undefined when they must run. With CI set this is always
 * undefined (so a lab that cannot start fails the run). Use with describe.skipIf:
 *   const skip = labSkipReason(); describe.skipIf(!!skip)(`... ${skip ?? ''}`, () => { ... })
 */
export function labSkipReason(): string | undefined {
  if (process.env.CI) return undefined
  if (process.getuid?.() !== 0) return '(skipped: the lab needs root; run as root, or set CI=1 to make this a failure)'
  return undefined
}

/** ensureLab for a test: the same, but a failure says that the lab (not the test) broke. */
export async function requireLab(topology: Topology, opts: LabOptions = {}): Promise<LabInfo> {
  try {
    return await ensureLab(topology, opts)
  } catch (e) {
    const inner = e instanceof LabError ? e : new LabError('lab', (e as Error).message, undefined, { cause: e })
    throw new LabError(inner.component, `the lab (${topology}${opts.bastion ? ', bastion' : ''}${opts.etcd ? `, etcd ${opts.etcd}` : ''}) could not start, so this test cannot run: ${inner.message.replace(/^lab: [^:]+: /, '')}`, undefined, { cause: e })
  }
}
