// Test kit for renderer components (jsdom): the real store (createAppStore) over an API client
// whose transport calls main's real dispatcher in-process, with services built by the
// composition root on temporary files. Nothing is faked: a component's call goes through the
// contract's schema to the service and its files, as it does in the app.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { render, type RenderResult } from '@testing-library/react'
import type { ReactNode } from 'react'
import { ApiClient, type ApiTransport } from '../../src/renderer/src/api/client'
import { initI18n } from '../../src/renderer/src/i18n'
import { ApiContext, StoreContext, createAppStore, type AppStore } from '../../src/renderer/src/store'
import type { StreamName } from '../../src/shared/contract'
import { createServices, type Services } from '../../src/main/composition'
import { createDispatcher, type CallContext } from '../../src/main/dispatch'
import { EventHub } from '../../src/main/events'
import { createHandlers } from '../../src/main/handlers'

export interface MountedApp {
  store: AppStore
  services: Services
  ui: RenderResult
  /** Renders something else inside the same providers (the same store and services). */
  show(ui: ReactNode): void
  /** Removes the component, closes the services, deletes the temp folders. */
  unmount(): Promise<void>
}

/** Renders `ui` inside the app's providers, wired to real services with this environment (HOME, KUBECONFIG, …). */
export async function mountWithServices(ui: ReactNode, env: Record<string, string>): Promise<MountedApp> {
  initI18n('en')
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-component-'))
  const hub = new EventHub()
  const services = await createServices({ mode: 'web', env: { PATH: process.env.PATH ?? '', ...env }, dataDir, events: hub })
  const dispatch = createDispatcher(createHandlers(services))
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const ctx: CallContext = {
    clientId: 'component-test',
    emit: (stream, payload) => listeners.get(stream)?.forEach((l) => l(payload)),
    onDisconnect: () => undefined
  }
  const removeClient = hub.add({ id: ctx.clientId, send: (stream, payload) => listeners.get(stream)?.forEach((l) => l(payload)) })
  const transport: ApiTransport = {
    call: (name, input) => dispatch(name, input, ctx),
    on: (stream: StreamName, listener) => {
      const set = listeners.get(stream) ?? new Set()
      listeners.set(stream, set)
      set.add(listener)
      return () => set.delete(listener)
    }
  }
  const api = new ApiClient(transport)
  const store = createAppStore(api)
  const within = (node: ReactNode) => (
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>{node}</StoreContext.Provider>
    </ApiContext.Provider>
  )
  const rendered = render(within(ui))
  return {
    store,
    services,
    ui: rendered,
    show: (node) => rendered.rerender(within(node)),
    unmount: async () => {
      rendered.unmount()
      removeClient()
      await services.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
