// `npm run bench [-- NAME...]`: runs every tests/bench/*.bench.ts (or those whose name contains
// one of the arguments), one after another, each in its own process, and prints their output.
//
// A benchmark is a script named tests/bench/<area>.bench.ts that runs when executed (tsx) and
// prints its measurements as ratios against a reference tool it runs in the same process and
// run (kubectl, raw ssh, etcdctl). It asserts nothing; it exits non-zero only when it could not
// measure (the runner then reports it and carries on). Add one by creating such a file.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const root = join(here, '..', '..')
const filters = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

if (benches.length === 0) {
  console.error(`No benchmark in tests/bench matches ${filters.join(', ') || '*.bench.ts'}.`)
  process.exit(2)
}

const failed: string[] = []
for (const file of benches) {
  console.log(`\n▶ ${file}`)
  const started = Date.now()
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(here, file)], { cwd: root, stdio: 'inherit' })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (r.status === 0) console.log(`✔ ${file} (${secs}s)`)
  else {
    console.log(`✖ ${file} could not run (exit ${r.status ?? r.signal}, ${secs}s)`)
    failed.push(file)
  }
}
if (failed.length > 0) {
  console.log(`\n${failed.length} of ${benches.length} benchmarks could not run: ${failed.join(', ')}`)
  process.exitCode = 1
}
