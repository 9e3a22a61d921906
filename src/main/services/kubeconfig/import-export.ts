// Import: merge another kubeconfig's clusters, users and contexts into the file kubectl writes
// new entries to, renaming what would collide with names already in the merged view (a
// colliding name would otherwise be shadowed, or shadow) and skipping entries that are already
// there unchanged. The plan is shown before anything is written and applied only if nothing
// changed in between. Export: one context as a standalone, flattened kubeconfig.
import { dirname, resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { ImportPlan, ImportRename } from '../../../shared/model/kubeconfig'
import type { DecodedKubeconfig } from './decode'
import { readImportSource } from './import-source'
import { applyDefaults } from './defaults'
import type { FileEdit } from './edits'
import type { KubectlConfig } from './kubectl-config'
import type { MergedConfig } from './merge'
import { relativizeForFile, resolveRef, visitRefs } from './paths'
import { objectsEqual, sectionInfo, type KObject, type Section } from './schema'
import type { KubeconfigStorage } from './storage'
import type { WrittenFile } from './writer'
import { t } from '../../../shared/error-messages'

interface ImportComputation {
  plan: ImportPlan
  edits: FileEdit[]
  targetGiven: string
}

const kindOf: Record<Section, ImportRename['kind']> = { clusters: 'cluster', users: 'user', contexts: 'context' }

const absolutized = (section: Section, value: KObject, baseDir: string): KObject => visitRefs(section, value, (v, set) => set(resolveRef(v, baseDir)))

function compute(merged: MergedConfig, source: DecodedKubeconfig, sourcePath: string, targetAbs: string, targetGiven: string): ImportComputation {
  const renames: ImportRename[] = []
  const skipped: { kind: ImportRename['kind']; name: string }[] = []
  const edits: FileEdit[] = []
  const names: Record<Section, string[]> = { clusters: [], users: [], contexts: [] }
  const mapped: Record<Section, Map<string, string>> = { clusters: new Map(), users: new Map(), contexts: new Map() }
  const sourceDir = dirname(sourcePath)
  for (const section of ['clusters', 'users', 'contexts'] as const) {
    const taken = new Set(merged[section].keys())
    for (const e of source[section]) {
      let value = applyDefaults(section, e.value)
      if (section === 'contexts') {
        value = { ...value, cluster: mapped.clusters.get(value.cluster as string) ?? value.cluster, user: mapped.users.get(value.user as string) ?? value.user }
      }
      const wanted = absolutized(section, value, sourceDir)
      // Already there, under its name or under a name an earlier import gave it ("prod-2").
      const renamedBefore = new RegExp(`^${e.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`)
      const same = [...merged[section].values()].find(
        (x) => (x.name === e.name || renamedBefore.test(x.name)) && objectsEqual(sectionInfo[section].schema, absolutized(section, x.value, dirname(x.file)), wanted)
      )
      if (same) {
        mapped[section].set(e.name, same.name)
        skipped.push({ kind: kindOf[section], name: same.name })
        continue
      }
      let name = e.name
      if (taken.has(name)) {
        let i = 2
        while (taken.has(`${e.name}-${i}`)) i++
        name = `${e.name}-${i}`
        renames.push({ kind: kindOf[section], from: e.name, to: name })
      }
      taken.add(name)
      mapped[section].set(e.name, name)
      names[section].push(name)
      edits.push({ op: 'put', section, name, value: relativizeForFile(section, wanted, targetAbs) })
    }
  }
  return {
    plan: { source: sourcePath, target: targetAbs, contexts: names.contexts, clusters: names.clusters, users: names.users, renames, skipped },
    edits,
    targetGiven
  }
}

export class KubeconfigImporter {
  constructor(
    private readonly kubectl: KubectlConfig,
    private readonly storage: KubeconfigStorage
  ) {}

  async preview(sourcePath: string): Promise<ImportPlan> {
    const source = resolve(this.kubectl.access.cwd, sourcePath)
    return (await this.computeNow(source)).plan
  }

  private async computeNow(source: string): Promise<ImportComputation> {
    const access = this.kubectl.access
    const targetGiven = access.defaultFilename()
    return compute(await this.kubectl.load(), await readImportSource(source), source, access.abs(targetGiven), targetGiven)
  }

  /** Writes exactly `shown` (the previewed plan); refuses if source or target changed since. */
  async apply(shown: ImportPlan): Promise<WrittenFile[]> {
    const { written } = await this.storage.writer.transaction(this.kubectl.access.lockFiles(), `import ${shown.source}`, async () => {
      const now = await this.computeNow(shown.source)
      if (JSON.stringify(now.plan) !== JSON.stringify(shown)) {
        throw new AppError({
          code: 'kubeconfig.conflict',
          message: t`${shown.source} or ${shown.target} changed since the import was previewed; nothing was written`,
          file: shown.target,
          hint: t`Preview the import again.`
        })
      }
      const plan = new Map(now.edits.length > 0 ? [[now.plan.target, { given: now.targetGiven, edits: now.edits }]] : [])
      return { plan, result: null }
    })
    return written
  }
}

/** One context as a standalone kubeconfig: only what it uses, file references embedded. */
export async function exportContext(kubectl: KubectlConfig, name: string): Promise<string> {
  return kubectl.view({ minify: true, flatten: true, raw: true, output: 'yaml', context: name })
}

/** Writes an export to `path` (0600 when new, previous content kept for undo). */
export async function writeExport(storage: KubeconfigStorage, path: string, content: string): Promise<void> {
  // An export holds credentials: readable by its owner only, even written over a 0644 file.
  await storage.writer.replace(path, Buffer.from(content), `export to ${path}`, { mode: 0o600 })
}
