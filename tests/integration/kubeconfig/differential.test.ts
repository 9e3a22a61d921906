// Differential test against the real kubectl: generated multi-file kubeconfig setups, a few
// `kubectl config` commands each, run once with kubectl and once with `kubedeck config` on the
// same files at the same path. stdout, stderr and exit codes must be identical; the files left
// behind must mean the same to kubectl (parsed: kubectl rewrites whole files, dropping comments,
// unknown fields and its own key order, which Kubedeck keeps — checked below as well).
//
// Deliberate differences, not compared: comments, formatting and key order of the files
// (kubectl drops/normalises them; Kubedeck keeps them), and how an unchanged file reference is
// spelled (kubectl rewrites "./ca.pem" as "ca.pem" and "../x" as an absolute path when it
// rewrites an entry; Kubedeck keeps the user's spelling: both resolve to the same file).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeKubeconfig } from '../../../src/main/services/kubeconfig/decode'
import { applyDefaults } from '../../../src/main/services/kubeconfig/defaults'
import { visitRefs, resolveRef } from '../../../src/main/services/kubeconfig/paths'
import { objectsEqual, sectionInfo, sections } from '../../../src/main/services/kubeconfig/schema'
import { generateCase } from './generator'
import { caseEnv, configArgs, kubectlVersion, makeTestPki, runKubectl, runKubedeck, snapshotTree, writeTree, type RunResult, type TreeEntry } from './harness'

const CASES = Number(process.env.KUBEDECK_DIFF_CASES ?? 150)
const FIRST_SEED = Number(process.env.KUBEDECK_DIFF_SEED ?? 1)
const root = `/tmp/kubedeck-diff-${process.pid}`
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-diff-data-'))
const pki = makeTestPki(dataDir)

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

/** What a kubeconfig means to kubectl, references resolved against the file, defaults applied. */
function meaning(path: string, content: Buffer) {
  const c = decodeKubeconfig(content.toString('utf8'), path).config
  const dir = dirname(path)
  const entries = Object.fromEntries(
    sections.map((s) => [s, new Map(c[s].map((e) => [e.name, visitRefs(s, applyDefaults(s, e.value), (v, set) => set(resolveRef(v, dir)))]))])
  )
  return { current: c.currentContext, colors: c.preferences.colors, entries }
}

function compareFile(file: string, before: TreeEntry | undefined, theirs: TreeEntry, ours: TreeEntry, where: string): void {
  const rel = `${where}\n  file ${file}`
  expect(ours.kind, `${rel}: kind`).toBe(theirs.kind)
  expect(ours.mode.toString(8), `${rel}: mode`).toBe(theirs.mode.toString(8))
  if (theirs.kind === 'dir') return
  if (before && theirs.content!.equals(before.content!)) {
    expect(ours.content!.toString(), `${rel}: kubectl left it untouched, so must we`).toBe(before.content!.toString())
    return
  }
  if (!file.match(/(^|\/)(one\.yaml|two|three\.conf|config|new-file\.yaml|missing\.yaml|also-missing)$/)) {
    expect(ours.content!.toString(), `${rel}: content`).toBe(theirs.content!.toString())
    return
  }
  const path = join(root, file)
  const a = meaning(path, theirs.content!)
  const b = meaning(path, ours.content!)
  expect(b.current, `${rel}: current-context`).toBe(a.current)
  expect(b.colors, `${rel}: preferences.colors`).toBe(a.colors)
  for (const s of sections) {
    expect([...b.entries[s].keys()].sort(), `${rel}: ${s}`).toEqual([...a.entries[s].keys()].sort())
    for (const [name, value] of a.entries[s]) {
      const mine = b.entries[s].get(name)!
      if (!objectsEqual(sectionInfo[s].schema, value, mine)) expect({ [name]: mine }, `${rel}: ${s} ${name}`).toEqual({ [name]: value })
    }
  }
  // What kubectl drops and Kubedeck must keep in a file it edited.
  if (before) {
    const text = ours.content!.toString()
    for (const line of before.content!.toString().split('\n')) {
      if (/^# /.test(line) || line === 'x-kubedeck-test: keep-me') expect(text.split('\n'), `${rel}: kept "${line}"`).toContain(line)
    }
  }
}

describe(`kubedeck config vs ${kubectlVersion() || 'kubectl'} (${CASES} generated cases)`, () => {
  it('prints the same and leaves files meaning the same', async () => {
    let commands = 0
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
      const c = generateCase(seed, root, pki)
      const env = caseEnv(root, c.kubeconfigEnv, dataDir)
      const where = `seed ${seed} (KUBEDECK_DIFF_SEED=${seed} KUBEDECK_DIFF_CASES=1 to rerun), KUBECONFIG=${c.kubeconfigEnv ?? '(unset)'}`
      writeTree(root, c.files)
      const before = snapshotTree(root)
      const theirs: RunResult[] = []
      for (const cmd of c.commands) theirs.push(await runKubectl(configArgs(cmd), env, root))
      const afterTheirs = snapshotTree(root)
      writeTree(root, c.files)
      const ours: RunResult[] = []
      for (const cmd of c.commands) ours.push(await runKubedeck(configArgs(cmd), env, root))
      const afterOurs = snapshotTree(root)
      c.commands.forEach((cmd, i) => {
        const label = `${where}\n  command ${i + 1}: kubectl config ${cmd.join(' ')}`
        expect({ code: ours[i].code, stderr: ours[i].stderr, stdout: ours[i].stdout }, label).toEqual({ code: theirs[i].code, stderr: theirs[i].stderr, stdout: theirs[i].stdout })
      })
      expect([...afterOurs.keys()], `${where}: files left behind`).toEqual([...afterTheirs.keys()])
      for (const [rel, entry] of afterTheirs) compareFile(rel, before.get(rel), entry, afterOurs.get(rel)!, `${where}\n  commands: ${c.commands.map((x) => x.join(' ')).join(' ; ')}`)
      commands += c.commands.length
    }
    expect(commands).toBeGreaterThan(CASES)
  })
})
