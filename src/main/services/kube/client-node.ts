// @kubernetes/client-node, loaded on first use: it takes ~0.4 s to load, and most CLI commands
// (`kubedeck config …`) never talk to an API server. Every domain reaches its classes here.
type ClientNode = typeof import('@kubernetes/client-node')

let loading: Promise<ClientNode> | undefined

export function clientNode(): Promise<ClientNode> {
  loading ??= import('@kubernetes/client-node')
  return loading
}
