// `npm run lab -- env`: lines a shell can eval to use the lab with kubectl and OpenSSH.
import type { LabInfo } from '../index'
import { sh } from './exec'

export function labEnv(lab: LabInfo): string {
  return [
    `export KUBECONFIG=${sh(lab.kubeconfig)}`,
    `export LAB_SSH_CONFIG=${sh(lab.sshConfig)}`,
    `export LAB_INSTANCE=${sh(lab.instance)}`,
    `export LAB_JSON=${sh(`${lab.stateDir}/lab.json`)}`,
    `export ETCDCTL_ENDPOINTS=${sh(lab.etcd.endpoints.join(','))}`,
    `export ETCDCTL_CACERT=${sh(lab.etcd.caFile)}`,
    `export ETCDCTL_CERT=${sh(lab.etcd.certFile)}`,
    `export ETCDCTL_KEY=${sh(lab.etcd.keyFile)}`,
    ''
  ].join('\n')
}
