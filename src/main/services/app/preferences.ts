import { join } from 'node:path'
import type { AppPreferences } from '../../../shared/model/app'
import { JsonStore } from './json-store'

export const defaultPreferences = (): AppPreferences => ({ theme: 'system', language: 'en', terminalScrollback: 10_000 })

export class PreferencesService {
  private readonly store: JsonStore<AppPreferences>
  constructor(dataDir: string) {
    this.store = new JsonStore(join(dataDir, 'preferences.json'), defaultPreferences)
  }
  get(): Promise<AppPreferences> {
    return this.store.read()
  }
  set(patch: Partial<AppPreferences>): Promise<AppPreferences> {
    return this.store.update((p) => ({ ...p, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }))
  }
}
