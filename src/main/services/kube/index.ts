// Shared access to the Kubernetes API for the domains (ssh inventory, etcd, terminals, …).
export { clientNode } from './client-node'
