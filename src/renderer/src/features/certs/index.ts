// The Certificates page: every certificate of a cluster with its expiry and chain, what to do,
// and renewal, kubelet rotation and CSR decisions as plans in the operations plan view.
import './certs.css'

export { CertsPage } from './CertsPage'
export { createCertsSlice, type CertsSlice } from './certs-slice'
export { certsStrings } from './strings'
