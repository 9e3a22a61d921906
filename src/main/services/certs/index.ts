// The certificate wizard's door: inventory, renewal, kubelet rotation and CSR decisions.
export { CertsService, type CertsServiceDeps, type InventoryOptions } from './certs-service'
export { DEFAULT_THRESHOLDS } from './entries'
export { RENEWABLE } from './kubeadm-names'
