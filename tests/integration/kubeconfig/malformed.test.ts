// Malformed kubeconfigs: bad YAML, wrong types, duplicate names and keys, unreadable files.
// Reading fails with an error that names the file and the line (kubectl fails too, naming only
// the file, or silently accepts duplicates); writing fails the same way; every file stays byte
// for byte (and mtime) what it was. The app lists the other files and marks the broken one.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { caseEnv, runKubectl, runKubedeck } from './harness'

const work = mkdtempSync(join(tmpdir(), 'kubedeck-malformed-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const good = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:1"}
contexts:
- name: good
  context: {cluster: c, user: u}
users:
- name: u
  user: {token: t}
current-context: good
`

interface Case {
  name: string
  text: string | null
  line?: number
  /** kubectl reads it without complaint (Kubedeck refuses on purpose: the last value silently wins). */
  kubectlAccepts?: boolean
  mention: RegExp
}

const cases: Case[] = [
  { name: 'unclosed flow sequence', text: 'apiVersion: v1\nclusters:\n- name: a\n  cluster:\n    server: x\n  bad: [\n', line: 6, mention: /not valid YAML/ },
  { name: 'bad indentation', text: 'apiVersion: v1\ncontexts:\n- name: a\n  context:\n    cluster: x\n   user: y\n', line: 6, mention: /not valid YAML/ },
  { name: 'tab indentation', text: 'apiVersion: v1\n\tcontexts: []\n', line: 2, mention: /not valid YAML/ },
  { name: 'namespace read as a boolean', text: 'contexts:\n- name: a\n  context:\n    cluster: c\n    namespace: yes\n', line: 5, mention: /contexts\[0\]\.context\.namespace.*boolean/ },
  { name: 'name read as a number', text: 'contexts:\n- name: 5\n  context:\n    cluster: x\n', line: 2, mention: /contexts\[0\]\.name.*number/ },
  { name: 'contexts as a mapping', text: 'apiVersion: v1\ncontexts: {}\n', line: 2, mention: /"contexts" must be a list/ },
  { name: 'insecure-skip-tls-verify quoted', text: 'clusters:\n- name: c\n  cluster:\n    server: x\n    insecure-skip-tls-verify: "true"\n', line: 5, mention: /must be true or false/ },
  { name: 'invalid base64', text: 'clusters:\n- name: c\n  cluster:\n    server: x\n    certificate-authority-data: "!!notbase64"\n', line: 5, mention: /not valid base64/ },
  { name: 'wrong apiVersion', text: 'apiVersion: v2\nkind: Config\n', line: 1, mention: /apiVersion "v2"/ },
  { name: 'a list, not a kubeconfig', text: '- a\n- b\n', line: 1, mention: /not a kubeconfig/ },
  { name: 'context defined twice', text: 'contexts:\n- name: a\n  context: {cluster: x}\n- name: a\n  context: {cluster: z}\n', line: 4, mention: /defined twice.*lines 2 and 4/ },
  { name: 'key repeated in a mapping', text: 'contexts:\n- name: a\n  context: {cluster: x, cluster: z}\n', line: 3, kubectlAccepts: true, mention: /not valid YAML/ },
  { name: 'a directory where a file should be', text: null, mention: /cannot read .*: it is a directory/ }
]

function setup(c: Case, i: number) {
  const dir = join(work, `case-${i}`)
  mkdirSync(dir, { recursive: true })
  const goodFile = join(dir, 'good.yaml')
  const bad = join(dir, 'bad.yaml')
  writeFileSync(goodFile, good)
  if (c.text === null) mkdirSync(bad)
  else writeFileSync(bad, c.text)
  const env = caseEnv(dir, `${goodFile}:${bad}`, join(dir, 'data'))
  return { dir, goodFile, bad, env }
}

const fingerprint = (p: string) => {
  const s = statSync(p)
  return s.isDirectory() ? 'dir' : `${readFileSync(p).toString('base64')}@${s.mtimeMs}`
}

describe('malformed kubeconfigs', () => {
  cases.forEach((c, i) => {
    it(`${c.name}: error names file and line, nothing written`, async () => {
      const { dir, goodFile, bad, env } = setup(c, i)
      const before = [fingerprint(goodFile), fingerprint(bad)]
      const theirs = await runKubectl(['config', 'get-contexts'], env, dir)
      if (c.kubectlAccepts) expect(theirs.code).toBe(0)
      else {
        expect(theirs.code).toBe(1)
        expect(theirs.stderr).toContain(`error loading config file "${bad}"`)
      }
      const read = await runKubedeck(['config', 'get-contexts'], env, dir)
      expect(read.code).toBe(1)
      expect(read.stderr).toContain(`error: error loading config file "${bad}": `)
      expect(read.stderr).toMatch(c.mention)
      if (c.line) expect(read.stderr).toContain(`(line ${c.line})`)
      for (const write of [['use-context', 'good'], ['set-context', 'good', '--namespace=x'], ['rename-context', 'good', 'better'], ['delete-context', 'good']]) {
        const w = await runKubedeck(['config', ...write], env, dir)
        expect(w.code, write.join(' ')).toBe(1)
        expect(w.stderr).toContain(bad)
      }
      expect([fingerprint(goodFile), fingerprint(bad)]).toEqual(before)

      // The app keeps working with the good file and shows what is wrong with the other.
      const svc = new KubeconfigService({ dataDir: join(dir, 'app-data'), env, watch: false, loginShell: false })
      try {
        const o = await svc.overview()
        expect(o.contexts.map((x) => x.name)).toEqual(['good'])
        const src = o.sources.find((s) => s.path === bad)!
        expect(src.error?.file).toBe(bad)
        if (c.line) expect(src.error?.line).toBe(c.line)
        expect(src.error?.message).toMatch(c.mention)
        // kubectl refuses to write while any KUBECONFIG file is broken; so does the app, naming it.
        await expect(svc.setContext({ file: goodFile, name: 'good' }, { namespace: 'x' })).rejects.toMatchObject({ info: { file: bad } })
      } finally {
        svc.close()
      }
      expect([fingerprint(goodFile), fingerprint(bad)]).toEqual(before)
    })
  })
})
