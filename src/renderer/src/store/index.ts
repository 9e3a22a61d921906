// One bound store made of feature slices. Components select single values with useAppStore;
// tests build a vanilla store with createAppStore and a fake-free API client of their own.
import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ApiClient } from '../api'
import { createContextsSlice, type ContextsSlice } from '../features/contexts'
import { createTerminalsSlice, type TerminalsSlice } from '../features/terminals'
import { createOperationsSlice, type OperationsSlice } from '../features/operations'
import { createEtcdSlice, type EtcdSlice } from '../features/etcd'
import { createHostsSlice, type HostsSlice } from '../features/hosts'
import { createCertsSlice, type CertsSlice } from '../features/certs'
import { createLogsSlice, type LogsSlice } from '../features/logs'
import { createResourcesSlice, type ResourcesSlice } from '../features/cluster'
import { createDoctorSlice, type DoctorSlice } from '../features/doctor'
import { createAppSlice, type AppSlice } from './app-slice'

export type AppState = AppSlice & ContextsSlice & TerminalsSlice & OperationsSlice & EtcdSlice & HostsSlice & CertsSlice & LogsSlice & ResourcesSlice & DoctorSlice

export type AppStore = StoreApi<AppState>

export function createAppStore(api: ApiClient): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createAppSlice(api)(...a),
    ...createContextsSlice(api)(...a),
    ...createTerminalsSlice(api)(...a),
    ...createOperationsSlice(api)(...a),
    ...createEtcdSlice(api)(...a),
    ...createHostsSlice(api)(...a),
    ...createCertsSlice(api)(...a),
    ...createLogsSlice(api)(...a),
    ...createResourcesSlice(api)(...a),
    ...createDoctorSlice(api)(...a)
  }))
}

export const StoreContext = createContext<AppStore | null>(null)
export const ApiContext = createContext<ApiClient | null>(null)

export function useAppStore<T>(selector: (s: AppState) => T): T {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useAppStore outside StoreContext')
  return useStore(store, selector)
}

export function useApi(): ApiClient {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi outside ApiContext')
  return api
}

export type { SliceCreator } from './types'
export type { AppSlice, Notice, PageId } from './app-slice'
