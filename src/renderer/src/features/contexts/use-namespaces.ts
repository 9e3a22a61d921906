// The namespaces of a context's cluster, asked for once per context shown. Fields that offer
// them never wait: while loading, or when the cluster cannot list them, the list is empty and
// says why.
import { useEffect, useState } from 'react'
import type { ContextRef } from '@shared/model/kubeconfig'
import { errorInfoOf } from '../../api'
import { useApi } from '../../store'

export type NamespaceList = { state: 'loading' } | { state: 'done'; names: string[]; reachable: boolean; error?: string }

export function useNamespaces(context: ContextRef | null | undefined): NamespaceList {
  const api = useApi()
  const [list, setList] = useState<NamespaceList>({ state: 'loading' })
  const file = context?.file
  const name = context?.name
  useEffect(() => {
    if (!file || !name) return
    let live = true
    setList({ state: 'loading' })
    api.call('kubeconfig.namespaces', { context: { file, name } }).then(
      (r) => live && setList({ state: 'done', ...r }),
      (e: unknown) => live && setList({ state: 'done', names: [], reachable: false, error: errorInfoOf(e).message })
    )
    return () => {
      live = false
    }
  }, [api, file, name])
  return list
}

/** The names alone (empty while loading or when the cluster cannot list them). */
export const namespaceNames = (list: NamespaceList): string[] => (list.state === 'done' ? list.names : [])
