// Shared access to the Kubernetes API for the domains (ssh inventory, etcd, certs, …).
export { clientNode } from './client-node'
export { pollReadyz, readControlPlane, readyz, type ControlPlaneNode, type ControlPlaneView } from './cluster'
