// The upgrade view: the version of every component on every node (kubelet from the node,
// the control plane's, kube-proxy's and CoreDNS's from their pods' images), the skew rules the
// next upgrade must respect, and `kubeadm upgrade plan` as run on a control-plane host. Running
// the upgrade is a later plan; this is what an admin reads first.
import type { KubeConfig } from '@kubernetes/client-node'
import { apiRequest, statusMessage } from '../cluster/raw'

export interface ComponentVersion {
  node: string
  component: string
  version: string
}

export interface UpgradeFacts {
  apiServer: string
  components: ComponentVersion[]
  /** The next minor version kubeadm can go to (one minor at a time), e.g. v1.35. */
  nextMinor?: string
  /** Components that are behind the API server's minor version, by how many. */
  behind: (ComponentVersion & { minors: number })[]
}

const minorOf = (v: string) => Number(v.match(/^v?(\d+)\.(\d+)/)?.[2] ?? NaN)
const tagOf = (image: string) => image.slice(image.lastIndexOf(':') + 1).replace(/@.*$/, '')

type Pod = { metadata?: { name?: string; labels?: Record<string, string> }; spec?: { nodeName?: string; containers?: { name: string; image: string }[] } }

export async function upgradeFacts(kc: KubeConfig): Promise<UpgradeFacts> {
  const get = async <T>(path: string): Promise<T> => {
    const r = await apiRequest(kc, 'GET', path)
    if (r.status !== 200) throw new Error(`${path}: ${statusMessage(r)}`)
    return r.body as T
  }
  const [version, nodes, pods] = await Promise.all([
    get<{ gitVersion?: string }>('/version'),
    get<{ items: { metadata?: { name?: string }; status?: { nodeInfo?: { kubeletVersion?: string } } }[] }>('/api/v1/nodes'),
    get<{ items: Pod[] }>('/api/v1/namespaces/kube-system/pods')
  ])
  const apiServer = version.gitVersion ?? ''
  const components: ComponentVersion[] = nodes.items.map((n) => ({ node: n.metadata?.name ?? '', component: 'kubelet', version: n.status?.nodeInfo?.kubeletVersion ?? '' }))
  for (const p of pods.items) {
    const l = p.metadata?.labels ?? {}
    const component = l.component ?? (l['k8s-app'] === 'kube-proxy' ? 'kube-proxy' : l['k8s-app'] === 'kube-dns' ? 'coredns' : undefined)
    const c = p.spec?.containers?.[0]
    if (!component || !c) continue
    components.push({ node: p.spec?.nodeName ?? '', component, version: tagOf(c.image) })
  }
  components.sort((a, b) => a.node.localeCompare(b.node) || a.component.localeCompare(b.component))
  const api = minorOf(apiServer)
  const behind = components
    .filter((c) => c.component !== 'etcd' && c.component !== 'coredns')
    .map((c) => ({ ...c, minors: api - minorOf(c.version) }))
    .filter((c) => Number.isFinite(c.minors) && c.minors > 0)
  const major = apiServer.match(/^v?(\d+)\./)?.[1]
  return { apiServer, components, behind, ...(major && Number.isFinite(api) ? { nextMinor: `v${major}.${api + 1}` } : {}) }
}
